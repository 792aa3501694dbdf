using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.LocalCluster.Simulation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// Watches the pods bound to the simulated nodes (one watch per node: a field selector
/// <c>spec.nodeName=NODE</c> cannot name several) and keeps one <see cref="PodWorker"/> per pod.
/// </summary>
internal sealed partial class PodManager(PodWorkerContext context, IReadOnlyList<string> nodeNames, ILogger<PodManager> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);

    /// <summary>The facts (pod IP, loopback address) of a pod this simulator runs, by pod IP.</summary>
    public PodFacts? FindByPodIp(string podIp)
    {
        lock (_lock)
        {
            return _workers.Values.Select(w => w.Facts).FirstOrDefault(f => f?.PodIp == podIp);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        PodSandbox.EnsureHostMountPoint();
        Directory.CreateDirectory(context.PodsRoot);
        try
        {
            await Task.WhenAll(nodeNames.Select(node => WatchNodeAsync(node, stoppingToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        List<PodWorker> workers;
        lock (_lock)
        {
            workers = [.. _workers.Values];
            _workers.Clear();
        }

        Log.StoppingPods(logger, workers.Count, context.Writes.Writes);
        await Task.WhenAll(workers.Select(w => w.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private async Task WatchNodeAsync(string node, CancellationToken cancellationToken)
    {
        var watcher = new ResourceWatcher<V1Pod>(new ResourceClient<V1Pod>(context.Client, BuiltInKinds.Pods), null, SimulatorWatches.Options with { FieldSelector = "spec.nodeName=" + node }, context.Time, logger);
        await foreach (var change in watcher.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            var pod = change.Object;
            var key = pod.Metadata.Uid ?? $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
            lock (_lock)
            {
                if (change.Type == WatchEventType.Deleted)
                {
                    if (_workers.Remove(key, out var gone))
                    {
                        gone.Gone();
                    }

                    continue;
                }

                if (_workers.TryGetValue(key, out var worker) && !worker.Completion.IsCompleted)
                {
                    worker.Update(pod);
                }
                else if (worker is null)
                {
                    var created = new PodWorker(pod, context);
                    _workers[key] = created;
                    _ = created.Completion.ContinueWith(_ => Forget(key, created), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                }
            }
        }
    }

    private void Forget(string key, PodWorker worker)
    {
        lock (_lock)
        {
            if (_workers.TryGetValue(key, out var known) && ReferenceEquals(known, worker))
            {
                _workers.Remove(key);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Stopping the containers of {Count} pods ({Writes} pod status writes since start)")]
        public static partial void StoppingPods(ILogger logger, int count, long writes);
    }
}
