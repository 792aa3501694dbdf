using System.Threading.Channels;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;

namespace HealthChecks.Controller.Events;

/// <summary>
/// The leader's Events: it follows the khstates (whoever wrote them, this replica or another
/// taking a report) and records an Event when a check's result changes in a way
/// <see cref="EventTransitions"/> calls news. Results known when the term began write nothing.
/// Writes go through a bounded queue on their own task, so a slow or failing API never holds up
/// the caches; when the queue is full the oldest waiting Event is dropped (and counted).
/// </summary>
public sealed partial class CheckEventEmitter(ControllerCaches caches, CheckEventRecorder recorder, ILogger<CheckEventEmitter> logger)
{
    private const int MaxWaiting = 1000;

    private long _written;
    private long _failed;
    private long _dropped;

    public long Written => Interlocked.Read(ref _written);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dropped => Interlocked.Read(ref _dropped);

    public async Task RunAsync(CancellationToken leading)
    {
        var known = new Dictionary<CheckKey, CheckOutcome>();
        var gate = new Lock();
        var pending = Channel.CreateBounded<(CheckKey Key, WorkloadKind Kind, string Uid, CheckEvent Event)>(
            new BoundedChannelOptions(MaxWaiting) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));

        void OnState(WatchEventType type, KuberhealthyState state)
        {
            var key = ControllerCaches.KeyOf(state);
            CheckEvent? news;
            lock (gate)
            {
                if (type == WatchEventType.Deleted)
                {
                    known.Remove(key);
                    return;
                }

                var current = CheckOutcome.Of(state.Spec);
                news = EventTransitions.Decide(known.GetValueOrDefault(key), current);
                known[key] = current;
            }

            if (news is not null && OwnerOf(key, state.Spec.Workload) is { } owner)
            {
                pending.Writer.TryWrite((key, owner.Kind, owner.Uid, news));
            }
        }

        caches.States.Changed += OnState;
        try
        {
            lock (gate)
            {
                foreach (var state in caches.States.Snapshot())
                {
                    known[ControllerCaches.KeyOf(state)] = CheckOutcome.Of(state.Spec);
                }
            }

            await foreach (var (key, kind, uid, news) in pending.Reader.ReadAllAsync(leading))
            {
                try
                {
                    await recorder.RecordAsync(key, kind, uid, news, leading);
                    Interlocked.Increment(ref _written);
                }
                catch (Exception ex) when (!leading.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failed);
                    Log.EventFailed(logger, key, news.Reason, ex);
                }
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        finally
        {
            caches.States.Changed -= OnState;
        }
    }

    private (WorkloadKind Kind, string Uid)? OwnerOf(CheckKey key, string? workload)
    {
        if (workload != nameof(WorkloadKind.KHJob) && caches.Checks.Get(key.Namespace, key.Name) is { } check)
        {
            return (WorkloadKind.KHCheck, check.Metadata.Uid ?? "");
        }

        return caches.Jobs.Get(key.Namespace, key.Name) is { } job ? (WorkloadKind.KHJob, job.Metadata.Uid ?? "") : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Could not record the {Reason} event of {Check}")]
        public static partial void EventFailed(ILogger logger, CheckKey check, string reason, Exception error);
    }
}
