using System.Runtime.InteropServices;
using HealthChecks.Kube;
using HealthChecks.LocalCluster.Pods;
using HealthChecks.LocalCluster.Simulation;
using k8s.Models;

namespace HealthChecks.LocalCluster.Nodes;

/// <summary>The Node objects and statuses a kubelet would publish (pure).</summary>
internal static class NodeFactory
{
    /// <summary>Label on every simulated node: the node prefix of the simulator that runs it.</summary>
    public const string SimulatorLabel = "healthchecks.local/simulator";

    /// <summary>Set this annotation to "true" on a simulated node and its Ready condition turns False until it is removed.</summary>
    public const string NotReadyAnnotation = "healthchecks.local/simulate-not-ready";

    public const string KubeletVersion = "v1.20.2";

    public static V1Node Build(NodeDefinition node, string simulator)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
            ["node.kubernetes.io/instance-type"] = "simulated",
            [SimulatorLabel] = simulator,
        };
        foreach (var (key, value) in node.Labels)
        {
            labels[key] = value;
        }

        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = node.Name, Labels = labels },
            Spec = new V1NodeSpec { Taints = node.Taints.Count > 0 ? [.. node.Taints] : null },
        };
    }

    /// <summary>Our labels and taints over what the node already has (the node lifecycle controller adds taints of its own).</summary>
    public static void MergeInto(V1Node existing, V1Node desired)
    {
        existing.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in desired.Metadata.Labels.OrEmpty())
        {
            existing.Metadata.Labels[key] = value;
        }

        existing.Spec ??= new V1NodeSpec();
        List<V1Taint> taints = [.. existing.Spec.Taints ?? []];
        foreach (var taint in desired.Spec?.Taints ?? [])
        {
            taints.RemoveAll(t => t.Key == taint.Key && t.Effect == taint.Effect);
            taints.Add(taint);
        }

        existing.Spec.Taints = taints.Count > 0 ? taints : null;
    }

    public static bool WantsNotReady(V1Node node) =>
        string.Equals(node.Metadata?.Annotations.ValueOrNull(NotReadyAnnotation), "true", StringComparison.OrdinalIgnoreCase);

    public static V1NodeStatus Status(NodeDefinition node, bool ready, DateTimeOffset heartbeat, ConditionClock clock)
    {
        var resources = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new("8"),
            ["memory"] = new("16Gi"),
            ["pods"] = new("110"),
            ["ephemeral-storage"] = new("100Gi"),
        };
        return new V1NodeStatus
        {
            Capacity = resources,
            Allocatable = new Dictionary<string, ResourceQuantity>(resources, StringComparer.Ordinal),
            Conditions =
            [
                Condition("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available", heartbeat, clock),
                Condition("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure", heartbeat, clock),
                Condition("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available", heartbeat, clock),
                ready
                    ? Condition("Ready", true, "KubeletReady", "kubelet is posting ready status (simulated)", heartbeat, clock)
                    : Condition("Ready", false, "SimulatedNotReady", $"the node carries the annotation {NotReadyAnnotation}=true", heartbeat, clock),
            ],
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = node.InternalIp },
                new V1NodeAddress { Type = "Hostname", Address = node.Name },
            ],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            NodeInfo = new V1NodeSystemInfo
            {
                MachineID = node.Name,
                SystemUUID = node.Name,
                BootID = node.Name,
                KernelVersion = Environment.OSVersion.Version.ToString(3),
                OsImage = "HealthChecks node simulator",
                ContainerRuntimeVersion = "healthchecks-simulator://1.0",
                KubeletVersion = KubeletVersion,
                KubeProxyVersion = KubeletVersion,
                OperatingSystem = "linux",
                Architecture = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
            },
        };
    }

    private static V1NodeCondition Condition(string type, bool value, string reason, string message, DateTimeOffset heartbeat, ConditionClock clock)
    {
        var status = value ? "True" : "False";
        return new V1NodeCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastHeartbeatTime = ApiTime.Seconds(heartbeat),
            LastTransitionTime = ApiTime.Seconds(clock.Stamp(type, status, heartbeat)),
        };
    }
}
