using System.Text.Json.Serialization;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Status;

/// <summary>The Kuberhealthy v2 status JSON: field names and order as upstream serializes them.</summary>
public sealed class StatusDocument
{
    [JsonPropertyName("OK")]
    public bool OK { get; set; } = true;

    [JsonPropertyName("Errors")]
    public IReadOnlyList<string> Errors { get; set; } = [];

    [JsonPropertyName("CheckDetails")]
    public SortedDictionary<string, CheckDetail> CheckDetails { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("JobDetails")]
    public SortedDictionary<string, CheckDetail> JobDetails { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("CurrentMaster")]
    public string CurrentMaster { get; set; } = "";

    [JsonPropertyName("Metadata")]
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>
    /// Ours: checks and jobs with no result yet. Upstream lists nothing for them, so a script that
    /// reads every entry of <see cref="CheckDetails"/> sees no entry that has not run (and no false
    /// <c>OK</c>); they are here instead. Left out when there are none.
    /// </summary>
    [JsonPropertyName("PendingCheckDetails")]
    public SortedDictionary<string, CheckDetail>? PendingCheckDetails { get; set; }

    [JsonPropertyName("PendingJobDetails")]
    public SortedDictionary<string, CheckDetail>? PendingJobDetails { get; set; }

    public static StatusDocument From(StatusView view)
    {
        var document = new StatusDocument { OK = view.OK, Errors = view.Errors, CurrentMaster = view.CurrentMaster };
        foreach (var check in view.Checks)
        {
            (NotRunYet(check) ? document.PendingCheckDetails ??= new(StringComparer.Ordinal) : document.CheckDetails)[check.Key.ToString()] = Detail(check);
        }

        foreach (var job in view.Jobs)
        {
            (NotRunYet(job) ? document.PendingJobDetails ??= new(StringComparer.Ordinal) : document.JobDetails)[job.Key.ToString()] = Detail(job);
        }

        return document;
    }

    // As upstream: no result stored yet. A check that missed its schedule (STALE) stays in the v2
    // fields even then, because it is a problem and counts against the cluster.
    private static bool NotRunYet(CheckView view) => !view.HasResult && view.State != CheckState.Stale;

    private static CheckDetail Detail(CheckView view)
    {
        var spec = view.Spec;
        return new CheckDetail
        {
            OK = view.OK,
            Errors = view.Errors,
            RunDuration = spec?.RunDuration ?? "0s",
            Namespace = spec is { Namespace.Length: > 0 } ? spec.Namespace : view.Key.Namespace,
            Node = spec?.Node ?? "",
            LastRun = spec?.LastRun,
            AuthoritativePod = spec?.AuthoritativePod ?? "",
            // The run whose result this is. The UUID of a run in flight is its only credential to
            // report, so it is never shown while the run may still report.
            Uuid = spec is null ? "" : spec.RunInFlight ? spec.ResultUuid ?? "" : spec.Uuid,
            State = view.State,
            Reason = spec?.Reason is { Length: > 0 } reason ? reason : null,
            ConsecutiveFailures = spec?.ConsecutiveFailures,
            LastSuccess = spec?.LastSuccess,
            NextRun = view.NextRun,
            RunInterval = view.Interval is { } interval ? GoDuration.Format(interval) : null,
            Timeout = view.Timeout is { } timeout ? GoDuration.Format(timeout) : null,
            RunningPod = view.RunningPod,
        };
    }
}
