using System.Collections.Concurrent;
using System.Net;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.State;
using HealthChecks.Kube;
using HealthChecks.Kube.Queues;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Reconciling;

/// <summary>
/// Carries out <see cref="RunPlanner"/>'s steps for one check or job against the API: begin a run
/// in the khstate, create its pod, store the failure of a run that ended without a report, show
/// an invalid spec, move a khjob's phase. A pass takes steps until the plan says wait; any
/// exception leaves the item to the work queue's retry with backoff, and the next pass decides
/// again from the caches, so nothing is half done for long and nothing is done twice: every
/// khstate write re-checks its condition on the latest copy (resourceVersion precondition).
/// </summary>
public sealed partial class CheckReconciler(
    KuberhealthyApi api,
    ControllerCaches caches,
    KhStateStore states,
    ControllerOptions options,
    ControllerMetrics metrics,
    TimeProvider time,
    ILogger<CheckReconciler> logger)
{
    /// <summary>Steps one pass takes at most before it yields the worker.</summary>
    private const int MaxStepsPerPass = 8;

    /// <summary>Tries at creating a pod the API refuses for a ServiceAccount it does not know yet, a second apart.</summary>
    private const int ServiceAccountAttempts = 10;

    private static readonly TimeSpan PodDeleteGrace = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<CheckKey, RunMemo> _memos = new();
    private readonly ConcurrentDictionary<CheckKey, DateTimeOffset> _startSlots = new();
    private readonly ConcurrentDictionary<CheckKey, string> _begunHere = new();

    // Runs begin no faster than this, so a new leader with thousands of checks overdue (or an API
    // server coming back) catches up in a steady stream instead of one burst of pods.
    private TokenBucketLimiter<CheckKey> _starts = NewStartPace(options, time);

    /// <summary>Runs in flight that this leader follows.</summary>
    public int RunsInFlight => _memos.Count;

    /// <summary>Forgets everything of the term: the next term starts from the caches alone.</summary>
    public void Reset()
    {
        _memos.Clear();
        _startSlots.Clear();
        _begunHere.Clear();
        _starts = NewStartPace(options, time);
    }

    /// <summary>
    /// The pace holds 10 seconds of starts but begins a term with one second's: a catch-up is a
    /// steady stream, yet starts that a stall held back (a GC pause, a slow API answer, a busy
    /// machine) go as soon as it ends. A catch-up leaves the checks' runs due exactly at the pace;
    /// with only one second in hand, whatever a stall delayed stayed late for as long as that
    /// lasted (10,000 checks at 10 minutes: start lateness p99 4.9 s).
    /// </summary>
    private static TokenBucketLimiter<CheckKey> NewStartPace(ControllerOptions options, TimeProvider time)
    {
        var perSecond = Math.Max(1, (int)options.MaxRunStartsPerSecond);
        return new(options.MaxRunStartsPerSecond, burst: 10 * perSecond, time, initialTokens: perSecond);
    }

    public async Task<Requeue> ReconcileAsync(WorkItem item, CancellationToken cancellationToken)
    {
        for (var step = 0; step < MaxStepsPerPass; step++)
        {
            var input = Observe(item);
            var next = RunPlanner.Plan(input);
            switch (next)
            {
                case NextStep.Idle:
                    Forget(item.Key, input);
                    return Requeue.OnChange;
                case NextStep.WaitUntil wait:
                    return Requeue.In(wait.Time - input.Now);
                case NextStep.ShowInvalid:
                    await ShowInvalidAsync(input.Definition!, cancellationToken);
                    break;
                case NextStep.SetJobPhase phase:
                    if (!await SetJobPhaseAsync(item.Key, phase.Phase, cancellationToken))
                    {
                        return Requeue.OnChange; // deleted: its cache's DELETED event brings it back to an idle plan
                    }

                    break;
                case NextStep.StartRun:
                    if (RunsInFlight >= options.MaxConcurrentRuns)
                    {
                        return Requeue.In(TimeSpan.FromSeconds(1)); // at the limit: wait for a run to end
                    }

                    if (PaceStart(item.Key, input.Now) is { } pace)
                    {
                        return Requeue.In(pace);
                    }

                    if (await BeginAsync(input, cancellationToken) is { } afterBegin)
                    {
                        return afterBegin;
                    }

                    break;
                case NextStep.CreatePod create:
                    if (await CreatePodAsync(input.Definition!, create.Run, MemoOf(item.Key, create.Run.Uuid), cancellationToken) is { } afterCreate)
                    {
                        return afterCreate;
                    }

                    break;
                case NextStep.ConfirmPodGone confirm:
                    await ConfirmPodGoneAsync(item.Key, confirm.Run, cancellationToken);
                    break;
                case NextStep.Finish finish:
                    await FinishAsync(input.Definition!, finish, cancellationToken);
                    break;
                case NextStep.RunOver over:
                    _memos.TryRemove(item.Key, out _);
                    Log.RunOver(logger, item.Key, over.Run.Uuid);
                    break;
            }
        }

        return Requeue.In(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The wait before this check's run may begin, if any. A slot taken from the bucket is kept
    /// for the check, so a run that waited for its turn is not sent to the back again.
    /// </summary>
    private TimeSpan? PaceStart(CheckKey key, DateTimeOffset now)
    {
        if (_startSlots.TryGetValue(key, out var slot))
        {
            if (now < slot)
            {
                return slot - now;
            }

            _startSlots.TryRemove(key, out _);
            return null;
        }

        var wait = _starts.DelayFor(key);
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        _startSlots[key] = now + wait;
        return wait;
    }

    private PlanInput Observe(WorkItem item)
    {
        var key = item.Key;
        var now = time.GetUtcNow();
        CheckDefinition? definition = null;
        string? phase = null;
        DateTimeOffset? jobCreated = null;
        if (item.Kind == WorkItemKind.Job)
        {
            if (caches.Jobs.Get(key.Namespace, key.Name) is { } job)
            {
                definition = CheckDefinition.FromJob(job);
                phase = job.Spec.Phase ?? KhJobPhase.New;
                jobCreated = job.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(created, TimeSpan.Zero) : null;
            }
        }
        else if (caches.Checks.Get(key.Namespace, key.Name) is { } check)
        {
            definition = CheckDefinition.FromCheck(check);
        }

        var state = caches.States.Get(key.Namespace, key.Name)?.Spec;
        V1Pod? pod = null;
        RunMemo? memo = null;
        if (state is { RunInFlight: true } && definition is not null)
        {
            var run = RunPlanner.RunOf(state, definition);
            pod = caches.Pods.Get(key.Namespace, run.PodName);
            memo = MemoOf(key, run.Uuid);
            memo.Observe(pod, now);
        }
        else
        {
            // No run in flight (it reported, was finished, or its check is gone): nothing to remember.
            // The plan never says RunOver for a run that reported, so its memo would stay and count in RunsInFlight.
            _memos.TryRemove(key, out _);
        }

        return new PlanInput
        {
            Definition = definition,
            JobPhase = phase,
            JobCreated = jobCreated,
            State = state,
            Pod = pod,
            Memo = memo,
            Now = now,
        };
    }

    private RunMemo MemoOf(CheckKey key, string runUuid) =>
        _memos.AddOrUpdate(key, _ => Follow(key, runUuid), (_, memo) => memo.RunUuid == runUuid ? memo : Follow(key, runUuid));

    // The first look at a run in flight: begun by this leader, or adopted from the previous one.
    private RunMemo Follow(CheckKey key, string runUuid)
    {
        if (!(_begunHere.TryGetValue(key, out var begun) && begun == runUuid))
        {
            metrics.CountRunStarted(manual: false, adopted: true);
            Log.Adopted(logger, key, runUuid);
        }

        return new RunMemo(runUuid);
    }

    private void Forget(CheckKey key, PlanInput input)
    {
        if (input.State is not { RunInFlight: true })
        {
            _memos.TryRemove(key, out _);
        }

    }

    /// <returns>A requeue when the pass must stop here; null to go on planning.</returns>
    private async Task<Requeue?> BeginAsync(PlanInput input, CancellationToken cancellationToken)
    {
        var definition = input.Definition!;
        var run = RunTicket.Create(definition, input.Now);
        DateTimeOffset? due = null;
        var written = await states.UpdateAsync(definition.Key, spec =>
        {
            // Decided again on the latest copy: another leader may have begun a run meanwhile.
            if (!RunPlanner.MayBegin(spec, definition, input.Now))
            {
                return false;
            }

            due = RunPlanner.ScheduledDue(spec, definition); // from the run the write replaces
            KhStateTransitions.BeginRun(spec, definition, run);
            return true;
        }, createIfMissing: true, cancellationToken);
        if (written is null)
        {
            return null; // not begun here: the next plan adopts the run in flight or waits
        }

        metrics.CountRunStarted(manual: RunPlanner.Requested(definition, input.State), adopted: false);
        if (due is { } dueAt)
        {
            // Begun once the khstate says so (every replica now sees it in flight), and measured
            // then, so a slow API server's write counts as lateness; the pod follows at once.
            metrics.ObserveRunStartDelay(time.GetUtcNow() - dueAt);
        }

        Log.Started(logger, definition.Key, run.Uuid, run.PodName);
        _begunHere[definition.Key] = run.Uuid;
        return await CreatePodAsync(definition, run, MemoOf(definition.Key, run.Uuid), cancellationToken);
    }

    private async Task<Requeue?> CreatePodAsync(CheckDefinition definition, RunTicket run, RunMemo memo, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await api.Client.CoreV1.CreateNamespacedPodAsync(CheckPodFactory.Build(definition, run, options.ReportingUrl), definition.Key.Namespace, cancellationToken: cancellationToken);
            caches.Pods.Remember(pod);
        }
        catch (Exception ex) when (ex.IsAlreadyExists())
        {
            // Made by an earlier try whose answer was lost: the pod of this run exists.
        }
        catch (Exception ex) when (IsServiceAccountNotYetKnown(ex) && memo.CreateFailures < ServiceAccountAttempts)
        {
            // A khcheck applied together with its ServiceAccount runs at once, sometimes before the
            // API server's admission has seen the account: that refusal passes in a moment.
            memo.CreateFailures++;
            memo.LastCreateError = PodNameScrub.Scrub(ex.Describe(), run.PodName);
            return Requeue.In(TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (IsPermanent(ex))
        {
            // Trying again cannot help (the pod spec is refused, or we may not create pods here).
            memo.CreateFailures++;
            memo.LastCreateError = PodNameScrub.Scrub(ex.Describe(), run.PodName);
            await FinishAsync(definition, new NextStep.Finish(run, RunResult.Failure(FailureReason.ControllerError, $"could not create the checker pod: {memo.LastCreateError}"), DeletePod: false), cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The API server is away or overloaded: the work queue retries with backoff until the deadline.
            memo.CreateFailures++;
            memo.LastCreateError = PodNameScrub.Scrub(ex.Describe(), run.PodName);
            Log.CreateFailed(logger, definition.Key, run.PodName, memo.CreateFailures, ex.Describe());
            return Requeue.Backoff;
        }

        memo.PodCreated = true;
        memo.PodCreatedAt = time.GetUtcNow();
        return null;
    }

    private async Task ConfirmPodGoneAsync(CheckKey key, RunTicket run, CancellationToken cancellationToken)
    {
        var pod = await api.Client.CoreV1.ReadNamespacedPodAsync(run.PodName, key.Namespace, cancellationToken: cancellationToken).OrNullIfNotFound();
        if (pod is not null)
        {
            caches.Pods.Remember(pod);
        }
        else
        {
            MemoOf(key, run.Uuid).PodConfirmedGone = true;
        }
    }

    private async Task FinishAsync(CheckDefinition definition, NextStep.Finish finish, CancellationToken cancellationToken)
    {
        var run = finish.Run;
        var node = caches.Pods.Get(definition.Key.Namespace, run.PodName)?.Spec?.NodeName ?? "";
        var written = await states.UpdateAsync(definition.Key, spec =>
        {
            if (!KhStateTransitions.CanStoreResult(spec, run.Uuid))
            {
                return false; // a report, or a newer run, got there first
            }

            KhStateTransitions.StoreResult(spec, finish.Result, definition.FailureThreshold, time.GetUtcNow(), node, options.PodName);
            return true;
        }, createIfMissing: false, cancellationToken);
        _memos.TryRemove(definition.Key, out _);
        if (written is null)
        {
            return;
        }

        Log.Finished(logger, definition.Key, run.Uuid, finish.Result.Reason ?? "OK");
        if (finish.Result.Reason == FailureReason.ControllerError)
        {
            metrics.CountRunControllerError();
        }
        if (finish.DeletePod)
        {
            // A pod past its deadline must not keep running (and reporting) into the next run; if
            // this delete fails, the reaper removes pods running past their deadline.
            try
            {
                await api.Client.CoreV1.DeleteNamespacedPodAsync(run.PodName, definition.Key.Namespace, new V1DeleteOptions { GracePeriodSeconds = (long)PodDeleteGrace.TotalSeconds }, cancellationToken: cancellationToken).ExceptNotFound();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.DeleteFailed(logger, definition.Key.Namespace + "/" + run.PodName, ex.Describe());
            }
        }
    }

    private async Task ShowInvalidAsync(CheckDefinition definition, CancellationToken cancellationToken)
    {
        var written = await states.UpdateAsync(definition.Key, spec =>
        {
            if (spec.RunInFlight)
            {
                return false; // a run begun before the edit finishes first
            }

            KhStateTransitions.ShowInvalid(spec, definition, time.GetUtcNow(), options.PodName);
            return true;
        }, createIfMissing: true, cancellationToken);
        if (written is not null)
        {
            Log.Invalid(logger, definition.Key, definition.Problems);
        }
    }

    /// <returns>False when the khjob is gone.</returns>
    private async Task<bool> SetJobPhaseAsync(CheckKey key, string phase, CancellationToken cancellationToken)
    {
        try
        {
            var job = await api.Jobs.PatchAsync(key.Namespace, key.Name, Patches.Merge(new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["phase"] = phase } }), cancellationToken);
            caches.Jobs.Remember(job);
            Log.JobPhase(logger, key, phase);
            return true;
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            // Deleted meanwhile; the cache may not know yet, and would plan the same PATCH again.
            return false;
        }
    }

    /// <summary>
    /// The ServiceAccount admission plugin's refusals that pass by themselves: the account is not in
    /// its cache yet (403 "error looking up service account ...: ... not found"), or has no token
    /// yet ("No API token found for service account ..., retry after the token is automatically created").
    /// </summary>
    internal static bool IsServiceAccountNotYetKnown(Exception ex) =>
        ex.ApiStatus()?.Message is { } message
        && ((ex.ApiStatusCode() == HttpStatusCode.Forbidden
                && message.Contains("error looking up service account", StringComparison.Ordinal)
                && message.Contains("not found", StringComparison.Ordinal))
            || message.Contains("No API token found for service account", StringComparison.Ordinal));

    /// <summary>Answers no retry can change: the request itself is refused.</summary>
    internal static bool IsPermanent(Exception ex) =>
        ex.ApiStatusCode() is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Run {RunId} of {Check} started with pod {Pod}")]
        public static partial void Started(ILogger logger, CheckKey check, string runId, string pod);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Run {RunId} of {Check} is over")]
        public static partial void RunOver(ILogger logger, CheckKey check, string runId);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Run {RunId} of {Check} finished: {Outcome}")]
        public static partial void Finished(ILogger logger, CheckKey check, string runId, string outcome);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "{Check} is invalid and is not run: {Problems}")]
        public static partial void Invalid(ILogger logger, CheckKey check, IReadOnlyList<string> problems);

        [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Could not delete checker pod {Pod}: {Error}")]
        public static partial void DeleteFailed(ILogger logger, string pod, string error);

        [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Could not create checker pod {Pod} of {Check} (try {Attempt}): {Error}; retrying")]
        public static partial void CreateFailed(ILogger logger, CheckKey check, string pod, int attempt, string error);

        [LoggerMessage(EventId = 2108, Level = LogLevel.Information, Message = "Run {RunId} of {Check} was in flight; following it to its end")]
        public static partial void Adopted(ILogger logger, CheckKey check, string runId);

        [LoggerMessage(EventId = 2107, Level = LogLevel.Information, Message = "khjob {Job} is {Phase}")]
        public static partial void JobPhase(ILogger logger, CheckKey job, string phase);
    }
}
