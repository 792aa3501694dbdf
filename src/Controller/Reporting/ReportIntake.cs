using System.Net;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.State;
using k8s.Models;

namespace HealthChecks.Controller.Reporting;

/// <summary>
/// Takes a checker's report on any replica: finds the run by its UUID (or, without the header,
/// by the caller's pod IP, as upstream), checks that it is the current run, not reported yet and
/// not past its deadline, and stores the result once. A report can never name a check itself.
/// </summary>
/// <remarks>
/// Only the caches are asked which run a UUID belongs to: a report costs no API call until it is
/// stored (one write), so a flood of made-up UUIDs cannot load the API server. A run this replica
/// has not seen yet (a checker reporting the moment it starts, to a follower whose watch trails)
/// is waited for, briefly and by a bounded number of reports at once; one still unknown is
/// answered 503, which checker clients retry (upstream's Go clients for 30 s), never 400, which
/// they take as final. While the CRDs would prune HealthChecks' fields (<see cref="CrdSchemaGate"/>),
/// every report is answered 503 with the reason: a result stored then would lose its run id.
/// </remarks>
public sealed partial class ReportIntake(
    ControllerCaches caches,
    KhStateStore states,
    CrdSchemaGate schema,
    ControllerOptions options,
    TimeProvider time,
    ControllerMetrics metrics,
    ILogger<ReportIntake> logger)
{
    /// <summary>How much of a header value that is not a run id is shown back (the header may be 32 KiB).</summary>
    private const int ShownHeaderLength = 80;

    private readonly RefusalLogLimiter _refusalLog = new(time);
    private int _awaiting;

    public sealed record Outcome(int StatusCode, string Message);

    public async Task<Outcome> TakeAsync(string? runUuidHeader, IPAddress? caller, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (schema.Problem is { } outdated)
        {
            // The API server would prune ResultUUID from the stored result, so the run would look
            // unreported. 503: checkers retry, and a report that comes back once the CRDs are
            // upgraded (within its run's deadline) is stored.
            return Refuse(IntakeOutcome.CrdOutdated, 503, outdated.Message);
        }

        var runUuid = string.IsNullOrWhiteSpace(runUuidHeader) ? RunOfCaller(caller) : runUuidHeader.Trim();
        if (runUuid is null)
        {
            return Refuse(IntakeOutcome.NoRun, 400, $"no {CheckSdk.CheckProtocol.RunUuidHeader} header and no running checker pod has the caller's address {caller}");
        }

        // The header's syntax first: it is the cheapest refusal, and a flood of made-up ids never
        // costs a JSON parse.
        if (!Guid.TryParse(runUuid, out _))
        {
            var shown = runUuid.Length > ShownHeaderLength ? runUuid[..ShownHeaderLength] + "..." : runUuid;
            return Refuse(IntakeOutcome.UnknownRun, 400, $"run {shown} is unknown: not a run id");
        }

        if (!ReportParser.TryParse(body.Span, out var result, out var problem))
        {
            return Refuse(IntakeOutcome.Malformed, 400, problem);
        }

        var (state, missing) = await FindStateAsync(runUuid, cancellationToken);
        if (missing is { } unknown)
        {
            return unknown;
        }

        var verdict = ReportAdmission.Decide(state?.Spec, runUuid, time.GetUtcNow());
        if (verdict != ReportAdmission.Verdict.Accept)
        {
            return Refuse(IntakeOutcomes.Of(verdict), ReportAdmission.StatusCode(verdict), ReportAdmission.Describe(verdict, runUuid));
        }

        var key = ControllerCaches.KeyOf(state!);
        var definition = Definition(key, state!.Spec.Workload);
        var node = caches.PodOfRun(runUuid)?.Spec?.NodeName ?? "";
        var refused = ReportAdmission.Verdict.Accept;
        var written = await states.UpdateAsync(key, spec =>
        {
            // Decide again on the latest copy: the leader may have timed the run out meanwhile.
            refused = ReportAdmission.Decide(spec, runUuid, time.GetUtcNow());
            if (refused != ReportAdmission.Verdict.Accept)
            {
                return false;
            }

            KhStateTransitions.StoreResult(spec, result, definition?.FailureThreshold ?? 1, time.GetUtcNow(), node, options.PodName);
            return true;
        }, createIfMissing: false, cancellationToken);

        if (written is null)
        {
            return refused == ReportAdmission.Verdict.Accept
                ? Refuse(IntakeOutcome.UnknownRun, 400, $"run {runUuid} is unknown")
                : Refuse(IntakeOutcomes.Of(refused), ReportAdmission.StatusCode(refused), ReportAdmission.Describe(refused, runUuid));
        }

        Log.Stored(logger, key, runUuid, result.Ok);
        metrics.CountReport(IntakeOutcome.Stored);
        return new Outcome(200, "");
    }

    private Outcome Refuse(IntakeOutcome outcome, int status, string message)
    {
        metrics.CountReport(outcome);
        if (_refusalLog.ShouldLog(outcome, out var unlogged))
        {
            if (unlogged == 0)
            {
                Log.Refused(logger, status, message);
            }
            else
            {
                Log.RefusedAfterUnlogged(logger, status, message, unlogged, IntakeOutcomes.Label(outcome));
            }
        }

        return new Outcome(status, message);
    }

    // Upstream's fallback for clients that send no header: the one Running checker pod with the caller's IP.
    private string? RunOfCaller(IPAddress? caller)
    {
        if (caller is null)
        {
            return null;
        }

        var address = (caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller).ToString();
        var pods = caches.Pods.Snapshot().Where(p => p.Status?.Phase == "Running" && p.Status.PodIP == address).ToList();
        return pods.Count == 1 ? pods[0].GetLabel(CheckLabels.RunId) : null;
    }

    /// <summary>
    /// The khstate of a run, from the caches only: its current run, a run it had before (refused
    /// as superseded), or, waited for, a run the cache has not seen yet.
    /// </summary>
    private async Task<(KuberhealthyState? State, Outcome? Missing)> FindStateAsync(string runUuid, CancellationToken cancellationToken)
    {
        if ((caches.StateOfRun(runUuid) ?? caches.StateOfPastRun(runUuid)) is { } known)
        {
            return (known, null);
        }

        if (Interlocked.Increment(ref _awaiting) > options.MaxReportsAwaitingRun)
        {
            Interlocked.Decrement(ref _awaiting);
            return (null, Refuse(IntakeOutcome.Busy, 503, $"run {runUuid} is not known here yet and too many reports wait already; try again"));
        }

        try
        {
            var arrived = await caches.WaitForRunAsync(runUuid, options.ReportWaitForRun, time, cancellationToken);
            return arrived is not null
                ? (arrived, null)
                : (null, Refuse(IntakeOutcome.UnknownRun, 503, $"run {runUuid} is not known (yet); a run that just began shows here within seconds: try again"));
        }
        finally
        {
            Interlocked.Decrement(ref _awaiting);
        }
    }

    private CheckDefinition? Definition(CheckKey key, string? workload)
    {
        if (workload == nameof(WorkloadKind.KHJob))
        {
            return caches.Jobs.Get(key.Namespace, key.Name) is { } job ? CheckDefinition.FromJob(job) : null;
        }

        return caches.Checks.Get(key.Namespace, key.Name) is { } check ? CheckDefinition.FromCheck(check)
            : caches.Jobs.Get(key.Namespace, key.Name) is { } fallback ? CheckDefinition.FromJob(fallback) : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "Report of run {RunId} for {Check} stored (OK={Ok})")]
        public static partial void Stored(ILogger logger, CheckKey check, string runId, bool ok);

        [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "Report refused with {Status}: {Why}")]
        public static partial void Refused(ILogger logger, int status, string why);

        [LoggerMessage(EventId = 2603, Level = LogLevel.Warning, Message = "Report refused with {Status}: {Why} (and {Unlogged} more refused as {Outcome} before it, not logged: one line per kind every 10 s; kuberhealthy_reports_total counts them all)")]
        public static partial void RefusedAfterUnlogged(ILogger logger, int status, string why, int unlogged, string outcome);
    }
}
