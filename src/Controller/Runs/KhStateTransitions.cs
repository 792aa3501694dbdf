using HealthChecks.Controller.Resources;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// The changes a khstate goes through, as pure functions: a run begins, a result is stored once,
/// an invalid spec is shown. Both writers (the replica taking a report and the leader finishing a
/// run) use <see cref="CanStoreResult"/> so that a result is never overwritten.
/// </summary>
public static class KhStateTransitions
{
    /// <summary>Error strings are bounded: they travel into JSON, Events and metric labels.</summary>
    public const int MaxErrorLength = 2048;

    public const int MaxErrors = 20;

    public static void BeginRun(KhStateSpec state, CheckDefinition definition, RunTicket run)
    {
        state.Uuid = run.Uuid;
        state.RunStarted = run.Started;
        state.RunDeadline = run.Deadline;
        state.RunPod = run.PodName;
        state.Namespace = definition.Key.Namespace;
        state.Workload = definition.Kind.ToString();
        if (definition.RunRequest is { } request)
        {
            state.RunRequest = request;
        }
    }

    /// <summary>True while <paramref name="runUuid"/> is the current run and has no result yet.</summary>
    public static bool CanStoreResult(KhStateSpec state, string runUuid) =>
        runUuid.Length > 0 && state.Uuid == runUuid && state.ResultUuid != runUuid;

    public static void StoreResult(
        KhStateSpec state, RunResult result, int failureThreshold, DateTimeOffset now, string node, string authoritativePod)
    {
        var duration = state.RunStarted is { } started && now > started ? now - started : TimeSpan.Zero;
        state.RunDuration = GoDuration.Format(duration);
        state.LastRun = now;
        state.ResultUuid = state.Uuid;
        state.Node = node;
        state.AuthoritativePod = authoritativePod;
        if (result.Ok)
        {
            state.OK = true;
            state.Errors = Bound(result.Errors); // empty, but for a v2 report of OK with errors (upstream keeps them)
            state.Reason = null;
            state.ConsecutiveFailures = 0;
            state.LastSuccess = now;
            return;
        }

        state.ConsecutiveFailures = (state.ConsecutiveFailures ?? 0) + 1;
        state.Reason = result.Reason;

        // Below the threshold a failure is tolerated: the check still counts as up (OK, no
        // Errors, so upstream consumers stay green) while Reason and ConsecutiveFailures show it.
        var down = state.ConsecutiveFailures >= Math.Max(1, failureThreshold);
        state.OK = !down;
        state.Errors = down ? Bound(result.Errors) : [];
    }

    public static void ShowInvalid(KhStateSpec state, CheckDefinition definition, DateTimeOffset now, string authoritativePod)
    {
        state.OK = false;
        state.Errors = Bound(definition.Problems.Select(p => $"invalid {definition.Kind.ToString().ToLowerInvariant()} {definition.Key}: {p}").ToList());
        state.Reason = FailureReason.InvalidSpec;
        state.Namespace = definition.Key.Namespace;
        state.Workload = definition.Kind.ToString();
        state.LastRun = now;
        state.AuthoritativePod = authoritativePod;
    }

    public static List<string> Bound(IEnumerable<string> errors) =>
        errors.Take(MaxErrors).Select(e => e.Length <= MaxErrorLength ? e : e[..MaxErrorLength] + "…").ToList();
}
