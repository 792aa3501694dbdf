using System.Collections.Concurrent;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using k8s;

namespace HealthChecks.Controller.Reaping;

/// <summary>The leader's cleanup loop: every <c>CHECK_REAPER_RUN_INTERVAL</c>, delete what <see cref="ReapPlanner"/> chose.</summary>
public sealed partial class Reaper(KuberhealthyApi api, ControllerCaches caches, ControllerOptions options, TimeProvider time, ILogger<Reaper> logger)
{
    private readonly ConcurrentDictionary<string, long> _deleted = new();
    private readonly ConcurrentDictionary<string, long> _deletedPods = new();

    /// <summary>Deletions by reason since start.</summary>
    public IReadOnlyDictionary<string, long> Deleted => _deleted;

    /// <summary>Checker pods deleted by reason since start, for the metrics.</summary>
    public IReadOnlyDictionary<string, long> DeletedPods => _deletedPods;

    public async Task RunAsync(CancellationToken leading)
    {
        try
        {
            while (!leading.IsCancellationRequested)
            {
                await ReapOnceAsync(leading);
                await Task.Delay(options.ReaperInterval, time, leading);
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
    }

    public async Task ReapOnceAsync(CancellationToken cancellationToken)
    {
        var plan = ReapPlanner.Plan(
            caches.Pods.Snapshot(), caches.Checks.Snapshot(), caches.Jobs.Snapshot(), caches.States.Snapshot(), options, time.GetUtcNow());
        foreach (var decision in plan)
        {
            try
            {
                var deleted = decision.Kind switch
                {
                    "Pod" => await api.Client.CoreV1.DeleteNamespacedPodAsync(decision.Name, decision.Namespace, new() { PropagationPolicy = "Background" }, cancellationToken: cancellationToken).ExceptNotFound(),
                    "KuberhealthyJob" => await api.Jobs.DeleteAsync(decision.Namespace, decision.Name, cancellationToken: cancellationToken),
                    _ => await api.States.DeleteAsync(decision.Namespace, decision.Name, cancellationToken: cancellationToken),
                };
                if (deleted)
                {
                    _deleted.AddOrUpdate(decision.Reason, 1, (_, n) => n + 1);
                    if (decision.Kind == "Pod")
                    {
                        _deletedPods.AddOrUpdate(decision.Reason, 1, (_, n) => n + 1);
                    }
                    Log.Reaped(logger, decision.Kind, decision.Namespace, decision.Name, decision.Reason);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.Failed(logger, decision.Kind, decision.Namespace, decision.Name, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Reaped {Kind} {Namespace}/{Name}: {Reason}")]
        public static partial void Reaped(ILogger logger, string kind, string @namespace, string name, string reason);

        [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "Could not reap {Kind} {Namespace}/{Name}")]
        public static partial void Failed(ILogger logger, string kind, string @namespace, string name, Exception error);
    }
}
