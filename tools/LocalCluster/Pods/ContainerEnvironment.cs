using HealthChecks.LocalCluster.Networking;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// The full environment of a container process (pure). Layers, later wins:
/// host basics (PATH, HOME, DOTNET_ROOT), what kubelet adds (KUBERNETES_SERVICE_*, HOSTNAME),
/// the container's own env, then the simulator's own variables, which always win because the
/// process cannot work without them: KUBECONFIG (the pod's ServiceAccount), HC_POD_LOCAL_IP
/// (the loopback address to listen on) and HC_POD_IP_LOOPBACK_MAP (how to reach any pod IP).
/// </summary>
internal static class ContainerEnvironment
{
    public const string LocalIpVariable = "HC_POD_LOCAL_IP";
    public const string LoopbackMapVariable = "HC_POD_IP_LOOPBACK_MAP";

    private static readonly string[] HostVariables = ["PATH", "HOME", "DOTNET_ROOT", "LANG"];

    public static List<KeyValuePair<string, string>> Build(
        EnvResolution resolved, string podName, PodFacts facts, string kubeconfigPath, Func<string, string?> hostVariable, NetworkLayout network)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in HostVariables)
        {
            if (hostVariable(name) is { } value)
            {
                env[name] = value;
            }
        }

        env.TryAdd("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env["KUBERNETES_SERVICE_HOST"] = network.KubernetesServiceIp;
        env["KUBERNETES_SERVICE_PORT"] = "443";
        env["KUBERNETES_SERVICE_PORT_HTTPS"] = "443";
        env["HOSTNAME"] = podName;
        foreach (var (name, value) in resolved.Variables)
        {
            env[name] = value;
        }

        env["KUBECONFIG"] = kubeconfigPath;
        env[LocalIpVariable] = facts.LocalIp;
        env[LoopbackMapVariable] = network.MappingRule;
        return env.ToList();
    }
}
