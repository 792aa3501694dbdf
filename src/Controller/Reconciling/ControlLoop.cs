using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube.Queues;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Reconciling;

/// <summary>
/// The leader's work for one term, in the manner of controller-runtime: cache events put the
/// affected check or job in a work queue; workers take items one at a time and reconcile them;
/// a pass that throws (any exception: a refused connection, a timeout, a 5xx, a bug) is logged,
/// counted and retried after a rate-limited backoff, and never ends the term. A periodic resync
/// puts everything in again, so what should run is re-derived from the caches even if an event
/// was missed. The heartbeat goes through the same queue: while it ticks, workers are working.
/// </summary>
public sealed partial class ControlLoop(
    ControllerCaches caches,
    CheckReconciler reconciler,
    Reaper reaper,
    ControllerOptions options,
    TimeProvider time,
    ILogger<ControlLoop> logger)
{
    /// <summary>How often the heartbeat item is worked; the liveness bound is a few of these.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private WorkQueue<WorkItem>? _queue;
    private long _failures;
    private long _passes;

    /// <summary>When the heartbeat was last worked (the scheduler's heartbeat; null before the first term).</summary>
    public DateTimeOffset? LastTick { get; private set; }

    /// <summary>When the current term's loop started working (null when not leading).</summary>
    public DateTimeOffset? WorkingSince { get; private set; }

    /// <summary>Passes that threw and were put back for a retry, since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Passes worked, since start.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    public int QueueDepth => _queue?.Count ?? 0;

    public int RunsInFlight => reconciler.RunsInFlight;

    public async Task RunAsync(CancellationToken leading)
    {
        // Decisions (what is due, what is orphaned) need complete caches.
        await caches.AllSyncedAsync.WaitAsync(leading);

        using var queue = new WorkQueue<WorkItem>(time, RateLimiters.ControllerDefault<WorkItem>(time));
        void OnCheck(WatchEventType type, KuberhealthyCheck check) => queue.Add(WorkItem.Check(ControllerCaches.KeyOf(check)));
        void OnJob(WatchEventType type, KuberhealthyJob job) => queue.Add(WorkItem.Job(ControllerCaches.KeyOf(job)));
        void OnState(WatchEventType type, KuberhealthyState state) => AddOwner(queue, ControllerCaches.KeyOf(state));
        void OnPod(WatchEventType type, V1Pod pod) => AddOwner(queue, ControllerCaches.KeyOfPod(pod));

        reconciler.Reset();
        caches.Checks.Changed += OnCheck;
        caches.Jobs.Changed += OnJob;
        caches.States.Changed += OnState;
        caches.Pods.Changed += OnPod;
        using var stop = leading.Register(queue.ShutDown);
        lock (_gate)
        {
            _queue = queue;
            WorkingSince = time.GetUtcNow();
        }

        try
        {
            Resync(queue);
            queue.Add(WorkItem.Tick);
            queue.Add(WorkItem.Reap);
            var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(queue, leading)).ToList();
            workers.Add(ResyncAsync(queue, leading));
            await Task.WhenAll(workers);
        }
        finally
        {
            caches.Checks.Changed -= OnCheck;
            caches.Jobs.Changed -= OnJob;
            caches.States.Changed -= OnState;
            caches.Pods.Changed -= OnPod;
            lock (_gate)
            {
                _queue = null;
                WorkingSince = null;
            }

            reconciler.Reset();
            Log.Stopped(logger);
        }
    }

    // A khstate or checker pod belongs to the check or job of the same name; which one, the caches say.
    private void AddOwner(WorkQueue<WorkItem> queue, CheckKey key)
    {
        if (caches.Checks.Get(key.Namespace, key.Name) is not null)
        {
            queue.Add(WorkItem.Check(key));
        }

        if (caches.Jobs.Get(key.Namespace, key.Name) is not null)
        {
            queue.Add(WorkItem.Job(key));
        }
    }

    private void Resync(WorkQueue<WorkItem> queue)
    {
        foreach (var check in caches.Checks.Snapshot())
        {
            queue.Add(WorkItem.Check(ControllerCaches.KeyOf(check)));
        }

        foreach (var job in caches.Jobs.Snapshot())
        {
            queue.Add(WorkItem.Job(ControllerCaches.KeyOf(job)));
        }
    }

    private async Task ResyncAsync(WorkQueue<WorkItem> queue, CancellationToken leading)
    {
        try
        {
            while (!leading.IsCancellationRequested)
            {
                await Task.Delay(options.ResyncPeriod, time, leading);
                Resync(queue);
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
    }

    private async Task WorkAsync(WorkQueue<WorkItem> queue, CancellationToken leading)
    {
        while (true)
        {
            WorkItem item;
            try
            {
                var (taken, next) = await queue.TakeAsync(leading);
                if (!taken)
                {
                    return;
                }

                item = next;
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var requeue = await WorkOnAsync(item, leading);
                Interlocked.Increment(ref _passes);
                if (requeue.WithBackoff)
                {
                    queue.AddRateLimited(item);
                }
                else
                {
                    queue.Forget(item);
                    if (requeue.After is { } after)
                    {
                        queue.AddAfter(item, after);
                    }
                }
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                // the term ended; the next leader starts from the khstates
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failures);
                Log.PassFailed(logger, item, queue.Failures(item) + 1, ex);
                queue.AddRateLimited(item);
            }
            finally
            {
                queue.Done(item);
            }
        }
    }

    private async Task<Requeue> WorkOnAsync(WorkItem item, CancellationToken leading)
    {
        switch (item.Kind)
        {
            case WorkItemKind.Tick:
                LastTick = time.GetUtcNow();
                return Requeue.In(TickInterval);
            case WorkItemKind.Reap:
                await reaper.ReapOnceAsync(leading);
                return Requeue.In(options.ReaperInterval);
            default:
                return await reconciler.ReconcileAsync(item, leading);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Work on {Item} failed (try {Attempt}); retrying after a backoff")]
        public static partial void PassFailed(ILogger logger, WorkItem item, int attempt, Exception error);

        [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Control loop stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
