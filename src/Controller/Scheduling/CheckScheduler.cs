using System.Collections.Concurrent;
using System.Threading.Channels;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;
using Quartz;

namespace HealthChecks.Controller.Scheduling;

/// <summary>
/// The leader's scheduler: one Quartz trigger per khcheck, repeating at its <c>runInterval</c>
/// (start to start). A khcheck event touches only that check's trigger, and only when its
/// <see cref="ScheduleShape"/> changed. Started when leadership is won, shut down when it is lost.
/// </summary>
public sealed partial class CheckScheduler(
    ControllerCaches caches,
    RunExecutor executor,
    ControllerOptions options,
    TimeProvider time,
    ControllerMetrics metrics,
    ILogger<CheckScheduler> logger)
{
    private const string Group = "khchecks";

    /// <summary>How often the heartbeat trigger fires, so the last tick shows a live scheduler even when no check is due.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    private static readonly JobKey HeartbeatKey = new("heartbeat", "scheduler");
    private readonly ConcurrentDictionary<CheckKey, ScheduleShape> _shapes = new();

    // Checks with a run going through this scheduler (or asked for by hand and about to start).
    private readonly ConcurrentDictionary<CheckKey, byte> _active = new();
    private IScheduler? _quartz;
    private CancellationToken _leading;
    private long _triggerChanges;

    /// <summary>Triggers created, changed or removed since start (tests: one edit, one change).</summary>
    public long TriggerChanges => Interlocked.Read(ref _triggerChanges);

    /// <summary>When a trigger last fired (a check's or the heartbeat's), for the scheduler health metric.</summary>
    public DateTimeOffset? LastFired { get; private set; }

    public IReadOnlyDictionary<CheckKey, ScheduleShape> Shapes => _shapes;

    /// <summary>Schedules every khcheck and follows khcheck changes until <paramref name="leading"/> ends.</summary>
    public async Task RunAsync(CancellationToken leading)
    {
        _leading = leading;
        _shapes.Clear();
        _active.Clear();
        var pending = Channel.CreateUnbounded<CheckKey>(new UnboundedChannelOptions { SingleReader = true });
        void OnChange(WatchEventType type, KuberhealthyCheck check) => pending.Writer.TryWrite(ControllerCaches.KeyOf(check));

        _quartz = await QuartzSchedulerBuilder.Create(q =>
        {
            q.UseTimeProvider(time);
            q.UseDefaultThreadPool(options.MaxConcurrentRuns);
            q.UseInMemoryStore(_ => { });
            q.UseJobFactory(new CheckRunJobFactory(this));
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "healthchecks-" + Guid.NewGuid().ToString("N")[..8];

                // A trigger added while the scheduler idles is not always noticed before the idle
                // wait ends (seen: 30 s, the default, before a new check's first run); re-looking
                // at the in-memory store every second bounds that delay cheaply.
                s.IdleWaitTime = TimeSpan.FromSeconds(1);
            });
        }).BuildScheduler(leading);

        caches.Checks.Changed += OnChange;
        try
        {
            await _quartz.Start(leading);
            await ScheduleHeartbeatAsync(_quartz, leading);
            foreach (var check in caches.Checks.Snapshot())
            {
                pending.Writer.TryWrite(ControllerCaches.KeyOf(check));
            }

            await foreach (var key in pending.Reader.ReadAllAsync(leading))
            {
                await SyncAsync(key, leading);
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // leadership lost or shutting down
        }
        finally
        {
            caches.Checks.Changed -= OnChange;
            await _quartz.Shutdown(false, CancellationToken.None);
            _quartz = null;
            Log.Stopped(logger);
        }
    }

    /// <summary>
    /// Runs a check now, through its Quartz job, as its trigger would (<c>POST /api/run</c>). Refused
    /// while a run of the check is going, and for a check that is not scheduled (paused, invalid).
    /// </summary>
    public async Task<RunNowOutcome> RunNowAsync(CheckKey key, CancellationToken cancellationToken)
    {
        var quartz = _quartz;
        if (quartz is null || _leading.IsCancellationRequested)
        {
            return RunNowOutcome.NotLeading;
        }

        if (caches.Checks.Get(key.Namespace, key.Name) is null)
        {
            return RunNowOutcome.Unknown;
        }

        if (!_shapes.TryGetValue(key, out var shape) || !shape.Scheduled)
        {
            return RunNowOutcome.NotScheduled;
        }

        if (caches.States.Get(key.Namespace, key.Name)?.Spec is { RunInFlight: true } || !_active.TryAdd(key, 0))
        {
            return RunNowOutcome.AlreadyRunning;
        }

        try
        {
            await quartz.TriggerJob(new JobKey(key.ToString(), Group), new JobDataMap { [CheckRunJob.ManualKey] = true }, cancellationToken);
        }
        catch
        {
            _active.TryRemove(key, out _);
            throw;
        }

        Log.RunNow(logger, key);
        return RunNowOutcome.Accepted;
    }

    /// <summary>Called by the heartbeat trigger: the scheduler is alive and firing.</summary>
    internal void Tick() => LastFired = time.GetUtcNow();

    /// <summary>Called by the Quartz job: one run of the check as its khcheck is now.</summary>
    internal async Task RunCheckAsync(CheckKey key, bool manual, CancellationToken jobCancelled)
    {
        LastFired = time.GetUtcNow();
        metrics.CountTriggerFire(manual);

        // A run asked for by hand holds the check already; a scheduled firing meanwhile is that period's run.
        if (!manual && !_active.TryAdd(key, 0))
        {
            return;
        }

        try
        {
            await RunOnceAsync(key, manual, jobCancelled);
        }
        finally
        {
            _active.TryRemove(key, out _);
        }
    }

    private async Task RunOnceAsync(CheckKey key, bool manual, CancellationToken jobCancelled)
    {
        if (caches.Checks.Get(key.Namespace, key.Name) is not { } check)
        {
            return;
        }

        var definition = CheckDefinition.FromCheck(check);
        var state = caches.States.Get(key.Namespace, key.Name)?.Spec;
        if (!manual && definition.Interval is { } interval && SchedulePlanner.RanRecently(state, interval, time.GetUtcNow()))
        {
            // The trigger was set for a run in flight that has ended before the trigger fired
            // (a new leader adopting it, or a run asked for by hand): that run was this period's run.
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(jobCancelled, _leading);
        try
        {
            await executor.RunAsync(definition, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // the next leader adopts the run from the khstate
        }
        catch (Exception ex) when (!linked.IsCancellationRequested)
        {
            Log.RunFailed(logger, key, ex);
            metrics.CountRunControllerError();
        }
    }

    private async Task ScheduleHeartbeatAsync(IScheduler quartz, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<SchedulerHeartbeatJob>().WithIdentity(HeartbeatKey).Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(HeartbeatKey.Name, HeartbeatKey.Group)
            .ForJob(HeartbeatKey)
            .StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(HeartbeatInterval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await quartz.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    private async Task SyncAsync(CheckKey key, CancellationToken cancellationToken)
    {
        var quartz = _quartz!;
        var jobKey = new JobKey(key.ToString(), Group);
        var check = caches.Checks.Get(key.Namespace, key.Name);
        if (check is null)
        {
            if (_shapes.TryRemove(key, out _))
            {
                await quartz.DeleteJob(jobKey, cancellationToken);
                Interlocked.Increment(ref _triggerChanges);
                Log.Unscheduled(logger, key, "deleted");
            }

            return;
        }

        var definition = CheckDefinition.FromCheck(check);
        var shape = ScheduleShape.Of(definition);
        if (_shapes.TryGetValue(key, out var current) && current == shape)
        {
            return; // an edit that does not touch the schedule
        }

        _shapes[key] = shape;
        Interlocked.Increment(ref _triggerChanges);
        if (!shape.Scheduled)
        {
            await quartz.DeleteJob(jobKey, cancellationToken);
            Log.Unscheduled(logger, key, definition.IsValid ? "paused" : "invalid");
            if (!definition.IsValid)
            {
                await executor.RunAsync(definition, cancellationToken); // shows the problem in the khstate and an Event
            }

            return;
        }

        var state = caches.States.Get(key.Namespace, key.Name)?.Spec;
        var first = SchedulePlanner.FirstRun(state, shape.Interval, time.GetUtcNow());
        var job = JobBuilder.Create<CheckRunJob>()
            .WithIdentity(jobKey)
            .UsingJobData(CheckRunJob.CheckNamespaceKey, key.Namespace)
            .UsingJobData(CheckRunJob.CheckNameKey, key.Name)
            .Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key.ToString(), Group)
            .ForJob(jobKey)
            .StartAt(first)
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(shape.Interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount))
            .WithOverlapPolicy(OverlapPolicy.BufferOne)
            .Build();
        await quartz.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
        Log.Scheduled(logger, key, shape.Interval, first);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Scheduled {Check} every {Interval}, next at {First:o}")]
        public static partial void Scheduled(ILogger logger, CheckKey check, TimeSpan interval, DateTimeOffset first);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Unscheduled {Check}: {Why}")]
        public static partial void Unscheduled(ILogger logger, CheckKey check, string why);

        [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Scheduler stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "Run of {Check} failed in the controller")]
        public static partial void RunFailed(ILogger logger, CheckKey check, Exception error);

        [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Run of {Check} asked for by hand")]
        public static partial void RunNow(ILogger logger, CheckKey check);
    }
}
