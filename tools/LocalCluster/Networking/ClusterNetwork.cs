using HealthChecks.Kube;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.LocalCluster.Simulation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthChecks.LocalCluster.Networking;

/// <summary>
/// Services and cluster DNS: creates kube-dns, then follows Services (for the proxy's listeners
/// and the DNS hosts file) and Endpoints (for the proxy's backends) with one watch each.
/// </summary>
internal sealed partial class ClusterNetwork(IKubernetes client, ServiceProxy? proxy, DnsServer? dns, NetworkLayout network, TimeProvider time, ILogger<ClusterNetwork> logger) : BackgroundService
{
    private readonly Dictionary<string, V1Service> _services = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (dns is not null)
            {
                await EnsureDnsObjectsAsync(stoppingToken).ConfigureAwait(false);
            }

            await Task.WhenAll(WatchServicesAsync(stoppingToken), proxy is null ? Task.CompletedTask : WatchEndpointsAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (proxy is not null)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }

        if (dns is not null)
        {
            await dns.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task EnsureDnsObjectsAsync(CancellationToken cancellationToken) => RetryUntilDone.RunAsync(
        async () =>
        {
            const string ns = ClusterDnsObjects.Namespace, name = ClusterDnsObjects.Name;
            if (await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false) is null)
            {
                await client.CoreV1.CreateNamespacedServiceAsync(ClusterDnsObjects.Service(network.ClusterDnsIp), ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            var endpoints = ClusterDnsObjects.Endpoints();
            if (await client.CoreV1.ReadNamespacedEndpointsAsync(name, ns, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false) is { } existing)
            {
                endpoints.Metadata.ResourceVersion = existing.Metadata?.ResourceVersion;
                await client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        },
        (attempt, error) => Log.DnsObjectsFailed(logger, attempt, error),
        time,
        cancellationToken);

    private async Task WatchServicesAsync(CancellationToken cancellationToken)
    {
        var watcher = new ResourceWatcher<V1Service>(new ResourceClient<V1Service>(client, BuiltInKinds.Services), null, SimulatorWatches.Options, time, logger);
        await foreach (var change in watcher.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = $"{change.Object.Metadata.NamespaceProperty}/{change.Object.Metadata.Name}";
            if (change.Type == WatchEventType.Deleted)
            {
                _services.Remove(key);
            }
            else
            {
                _services[key] = change.Object;
            }

            // Cheap per event: listeners are diffed, and dnsmasq reloads only when the hosts text changes.
            Apply();
        }
    }

    private void Apply()
    {
        proxy?.SetServices(_services.Values);
        dns?.Update(DnsHosts.Render(_services.Values));
    }

    private async Task WatchEndpointsAsync(CancellationToken cancellationToken)
    {
        var watcher = new ResourceWatcher<V1Endpoints>(new ResourceClient<V1Endpoints>(client, BuiltInKinds.Endpoints), null, SimulatorWatches.Options, time, logger);
        await foreach (var change in watcher.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (change.Type == WatchEventType.Deleted)
            {
                proxy!.RemoveEndpoints(change.Object);
            }
            else
            {
                proxy!.SetEndpoints(change.Object);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5501, Level = LogLevel.Warning, Message = "Creating the kube-dns Service and Endpoints failed (attempt {Attempt}); retrying")]
        public static partial void DnsObjectsFailed(ILogger logger, int attempt, Exception error);
    }
}
