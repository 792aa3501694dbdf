using HealthChecks.LocalCluster.Images;
using HealthChecks.LocalCluster.Networking;
using HealthChecks.LocalCluster.Runtime;
using k8s;
using Microsoft.Extensions.Logging;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>What every pod worker shares: the API client, the image map, addresses, the report-ok HTTP client, timing.</summary>
internal sealed record PodWorkerContext(
    IKubernetes Client,
    ImageMap Images,
    PodAddresses Addresses,
    IReadOnlyDictionary<string, string> NodeIps,
    string PodsRoot,
    NetworkLayout Network,
    ServiceAccountTokens Tokens,
    IPodObjectSource Objects,
    ProbeRunner Probes,
    ReportOkSender ReportOk,
    StatusWriteCounter Writes,
    TimeProvider Time,
    ILogger Logger,
    Func<string, string?> HostVariable)
{
    /// <summary>Back-off before restart number n: min(Initial × 2^(n-1), Max). kubelet uses 10 s and 5 min; tests need less.</summary>
    public TimeSpan RestartBackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RestartBackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a container whose env cannot be built (or whose ServiceAccount has no token yet) is tried again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(3);
}
