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

    public static StatusDocument From(StatusView view)
    {
        var document = new StatusDocument { OK = view.OK, Errors = view.Errors, CurrentMaster = view.CurrentMaster };
        foreach (var check in view.Checks)
        {
            document.CheckDetails[check.Key.ToString()] = Detail(check);
        }

        foreach (var job in view.Jobs)
        {
            document.JobDetails[job.Key.ToString()] = Detail(job);
        }

        return document;
    }

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
            Uuid = spec?.Uuid ?? "",
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
