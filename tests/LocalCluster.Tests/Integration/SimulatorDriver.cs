using HealthChecks.Kube;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>What the tests need from the shared cluster's simulator: waiting on pods, their logs and folders, host processes.</summary>
internal sealed class SimulatorDriver(ControlPlaneFixture fixture)
{
    public static readonly TimeSpan PodTimeout = TimeSpan.FromSeconds(40);

    public Kubernetes Client => fixture.Client;

    /// <summary>The cluster's loopback addresses (cluster.env; a cluster sharing the machine with another gets other ranges).</summary>
    public string KubernetesServiceIp => fixture.Cluster.Environment.GetValueOrDefault("KUBERNETES_SERVICE_IP", "127.96.0.1");

    public string ClusterDnsIp => fixture.Cluster.Environment.GetValueOrDefault("CLUSTER_DNS_IP", "127.96.0.10");

    /// <summary>"127.100." for pod-local range 127.100.0.0/16.</summary>
    public string PodLocalPrefix => fixture.Cluster.Environment.GetValueOrDefault("POD_LOCAL_CIDR", "127.100.0.0/16").Split(".0.0/")[0] + ".";

    public string PodsFolder => Path.Combine(fixture.Cluster.StateDirectory, "simulator", "pods");

    public string FolderOf(V1Pod pod) =>
        Path.Combine(PodsFolder, $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{pod.Metadata.Uid!.Split('-')[0]}");

    public Task<V1Pod> CreateAsync(V1Pod pod) => Client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty);

    public Task<V1Pod> WaitAsync(V1Pod pod, Func<V1Pod, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            async () => await ReadAsync(pod) is { } current && condition(current) ? current : null,
            timeout ?? PodTimeout,
            $"pod {pod.Metadata.Name}: {what}",
            TimeSpan.FromMilliseconds(200));

    public Task<V1Pod> WaitForPhaseAsync(V1Pod pod, string phase) => WaitAsync(pod, p => p.Status?.Phase == phase, "phase " + phase);

    public Task WaitGoneAsync(V1Pod pod, TimeSpan timeout) =>
        Eventually.TrueAsync(async () => await ReadAsync(pod) is null, timeout, $"pod {pod.Metadata.Name} removed");

    /// <summary>The pod as it is now; null once it is gone.</summary>
    public Task<V1Pod?> ReadAsync(V1Pod pod) => Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty).OrNullIfNotFound();

    public async Task<string> LogAsync(V1Pod pod, string container = "main")
    {
        var file = Path.Combine(FolderOf(pod), container + ".log");
        return File.Exists(file) ? await File.ReadAllTextAsync(file) : "";
    }

    /// <summary>Waits until the container's log contains <paramref name="text"/>, and returns the log.</summary>
    public Task<string> WaitForLogAsync(V1Pod pod, string text, string container = "main") =>
        Eventually.GetAsync(async () => await LogAsync(pod, container) is var log && log.Contains(text, StringComparison.Ordinal) ? log : null, PodTimeout, $"'{text}' in the log of {pod.Metadata.Name}");

    /// <summary>PIDs of host processes whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return found;
    }
}
