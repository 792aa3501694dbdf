using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using k8s;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// Runs each khjob once, on the leader, as upstream: phase "" → <c>Running</c> → run →
/// <c>Completed</c> (also after a failure, unlike upstream, so the reaper can remove it). A job
/// found <c>Running</c> by a new leader is finished: its run is adopted from the khstate if in
/// flight, or run again if it never started.
/// </summary>
public sealed partial class KhJobRunner(KuberhealthyApi api, ControllerCaches caches, RunExecutor executor, ILogger<KhJobRunner> logger)
{
    private readonly ConcurrentDictionary<CheckKey, Task> _running = new();

    public async Task RunAsync(CancellationToken leading)
    {
        var pending = Channel.CreateUnbounded<CheckKey>(new UnboundedChannelOptions { SingleReader = true });
        void OnChange(WatchEventType type, KuberhealthyJob job) => pending.Writer.TryWrite(ControllerCaches.KeyOf(job));

        caches.Jobs.Changed += OnChange;
        try
        {
            foreach (var job in caches.Jobs.Snapshot())
            {
                pending.Writer.TryWrite(ControllerCaches.KeyOf(job));
            }

            await foreach (var key in pending.Reader.ReadAllAsync(leading))
            {
                if (caches.Jobs.Get(key.Namespace, key.Name) is { Spec.Phase: null or KhJobPhase.New or KhJobPhase.Running } job
                    && !_running.ContainsKey(key))
                {
                    _running[key] = RunJobAsync(key, job, leading);
                }
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // leadership lost: jobs in flight stop with it and the next leader finishes them
        }
        finally
        {
            caches.Jobs.Changed -= OnChange;
            await Task.WhenAll(_running.Values);
            _running.Clear();
        }
    }

    private async Task RunJobAsync(CheckKey key, KuberhealthyJob job, CancellationToken leading)
    {
        await Task.Yield();
        try
        {
            if (job.Spec.Phase != KhJobPhase.Running)
            {
                await SetPhaseAsync(key, KhJobPhase.Running, leading);
            }

            await executor.RunAsync(CheckDefinition.FromJob(job), leading);
            await SetPhaseAsync(key, KhJobPhase.Completed, leading);
            Log.Completed(logger, key);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            // deleted while running
        }
        catch (Exception ex) when (!leading.IsCancellationRequested)
        {
            Log.Failed(logger, key, ex);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    private async Task SetPhaseAsync(CheckKey key, string phase, CancellationToken cancellationToken) =>
        await api.Jobs.PatchAsync(key.Namespace, key.Name, Patches.Merge(new JsonObject { ["spec"] = new JsonObject { ["phase"] = phase } }), cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "khjob {Job} completed")]
        public static partial void Completed(ILogger logger, CheckKey job);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "khjob {Job} could not be run")]
        public static partial void Failed(ILogger logger, CheckKey job, Exception error);
    }
}
