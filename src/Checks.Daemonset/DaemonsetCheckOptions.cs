using HealthChecks.CheckSdk;
using HealthChecks.CheckSdk.Options;
using HealthChecks.Checks.Common;
using k8s.Models;

namespace HealthChecks.Checks.Daemonset;

/// <summary>The daemonset check's configuration: upstream's env names and defaults (cmd/daemonset-check/input.go).</summary>
internal sealed record DaemonsetCheckOptions
{
    public string Namespace { get; init; } = "kuberhealthy";

    public string PauseImage { get; init; } = "gcr.io/google-containers/pause:3.1";

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    /// <summary>Given tolerations; null means "tolerate every node taint except <see cref="AllowedTaints"/>".</summary>
    public IReadOnlyList<V1Toleration>? Tolerations { get; init; }

    public IReadOnlyList<TaintSpec> AllowedTaints { get; init; } = [];

    /// <summary>Kept free at the end of the run for removing the DaemonSet (upstream: deadline minus this for the rollout).</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromMinutes(1);

    public string NamePrefix { get; init; } = "daemonset";

    public string? PriorityClassName { get; init; }

    /// <summary>The checker pod's name (Kubernetes sets HOSTNAME to it); part of the DaemonSet's name and labels.</summary>
    public string Instance { get; init; } = "local";

    /// <summary>How often the cluster is polled (upstream: 1 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every node must keep a ready pod this long before the rollout counts (upstream: 5 s).</summary>
    public TimeSpan StableFor { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Re-issue the pod deletion this often while waiting (upstream's workaround for stuck pods).</summary>
    public TimeSpan ReissueDeleteEvery { get; init; } = TimeSpan.FromSeconds(30);

    public static DaemonsetCheckOptions FromEnvironment(EnvOptions env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var options = new DaemonsetCheckOptions
        {
            Namespace = env.Raw("POD_NAMESPACE") ?? env.Raw(CheckProtocol.PodNamespaceVariable) ?? "kuberhealthy",
            PauseImage = env.Text("PAUSE_CONTAINER_IMAGE", "gcr.io/google-containers/pause:3.1"),
            NodeSelector = env.KeyValues("NODE_SELECTOR"),
            Tolerations = env.Parse<IReadOnlyList<V1Toleration>?>("TOLERATIONS", null, TolerationSyntax.Parse),
            AllowedTaints = env.Parse<IReadOnlyList<TaintSpec>>("ALLOWED_TAINTS", [], TaintSpec.ParseList),
            ShutdownGracePeriod = env.Duration("SHUTDOWN_GRACE_PERIOD", TimeSpan.FromMinutes(1), min: TimeSpan.FromSeconds(1)),
            NamePrefix = env.Text("CHECK_DAEMONSET_NAME", "daemonset"),
            PriorityClassName = env.Raw("DAEMONSET_PRIORITY_CLASS_NAME"),
            Instance = (env.Raw("HOSTNAME") ?? "local").ToLowerInvariant(),
        };
        env.ThrowIfInvalid();
        return options;
    }
}
