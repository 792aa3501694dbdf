using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Status;

/// <summary>
/// One entry of <c>CheckDetails</c> / <c>JobDetails</c>: upstream's eight fields first, with their
/// names and order (the khstate spec as upstream serializes it), then ours, each omitted when empty.
/// </summary>
public sealed class CheckDetail
{
    [JsonPropertyName("OK")]
    public bool OK { get; init; }

    [JsonPropertyName("Errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];

    [JsonPropertyName("RunDuration")]
    public string RunDuration { get; init; } = "";

    [JsonPropertyName("Namespace")]
    public string Namespace { get; init; } = "";

    [JsonPropertyName("Node")]
    public string Node { get; init; } = "";

    [JsonPropertyName("LastRun")]
    public DateTimeOffset? LastRun { get; init; }

    [JsonPropertyName("AuthoritativePod")]
    public string AuthoritativePod { get; init; } = "";

    [JsonPropertyName("uuid")]
    public string Uuid { get; init; } = "";

    /// <summary>OK, Failing, Pending, STALE or Paused (<see cref="CheckState"/>).</summary>
    [JsonPropertyName("State")]
    public string State { get; init; } = "";

    /// <summary>Why the last run failed, from a bounded set (<see cref="Runs.FailureReason"/>).</summary>
    [JsonPropertyName("Reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("ConsecutiveFailures")]
    public int? ConsecutiveFailures { get; init; }

    [JsonPropertyName("LastSuccess")]
    public DateTimeOffset? LastSuccess { get; init; }

    [JsonPropertyName("NextRun")]
    public DateTimeOffset? NextRun { get; init; }

    /// <summary>Go duration text, as in the khcheck (<c>10m0s</c>).</summary>
    [JsonPropertyName("RunInterval")]
    public string? RunInterval { get; init; }

    [JsonPropertyName("Timeout")]
    public string? Timeout { get; init; }

    /// <summary>The checker pod of the run in flight.</summary>
    [JsonPropertyName("RunningPod")]
    public string? RunningPod { get; init; }
}
