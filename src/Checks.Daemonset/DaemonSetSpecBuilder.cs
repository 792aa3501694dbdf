using System.Globalization;
using HealthChecks.Checks.Common;
using k8s.Models;

namespace HealthChecks.Checks.Daemonset;

/// <summary>
/// The check's DaemonSet, as upstream builds it: one pause container per node, quick to stop, safe
/// to evict; unlike upstream's, its pods pass the "restricted" Pod Security Standard.
/// </summary>
internal static class DaemonSetSpecBuilder
{
    /// <summary>Every DaemonSet of this check carries these two labels; leftovers of earlier runs are found by them.</summary>
    public const string CheckSelector = "source=kuberhealthy,khcheck=daemonset";

    public static string NameFor(string prefix, string instance, DateTimeOffset now)
    {
        var name = $"{prefix}-{instance}-{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}".ToLowerInvariant();
        return name.Length <= 63 ? name : name[..53].TrimEnd('-') + "-" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)[^9..];
    }

    public static Dictionary<string, string> LabelsFor(string name, string instance, DateTimeOffset now) => new()
    {
        ["kh-app"] = name,
        ["source"] = "kuberhealthy",
        ["khcheck"] = "daemonset",
        ["creatingInstance"] = instance.Length <= 63 ? instance : instance[..63].TrimEnd('-', '.', '_'),
        ["checkRunTime"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Selects the pods of one DaemonSet (upstream's pod selector).</summary>
    public static string PodSelectorFor(string name) => $"kh-app={name},{CheckSelector}";

    public static V1DaemonSet Build(DaemonsetCheckOptions options, string name, DateTimeOffset now, IReadOnlyList<V1Toleration> tolerations, long runAsUser)
    {
        var labels = LabelsFor(name, options.Instance, now);
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.Namespace, Labels = new Dictionary<string, string>(labels) },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                MinReadySeconds = 2,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = new Dictionary<string, string>(labels),
                        Annotations = new Dictionary<string, string> { ["cluster-autoscaler.kubernetes.io/safe-to-evict"] = "true" },
                    },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "sleep",
                                Image = options.PauseImage,
                                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = "0", ["memory"] = "0" } },
                                SecurityContext = RestrictedSecurityContext.ForContainer(readOnlyRootFilesystem: true), // pause writes nothing
                            },
                        ],
                        // Restricted, so that it starts where Pod Security Admission enforces that; pause
                        // runs as any user and group: ours (upstream's choice of user), as its group too.
                        SecurityContext = RestrictedSecurityContext.ForPod(runAsUser, runAsGroup: runAsUser),
                        Tolerations = tolerations.Count > 0 ? [.. tolerations] : null,
                        NodeSelector = options.NodeSelector.Count > 0 ? new Dictionary<string, string>(options.NodeSelector) : null,
                        PriorityClassName = options.PriorityClassName,
                        TerminationGracePeriodSeconds = 1,
                    },
                },
            },
        };
    }
}
