using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Resources;

/// <summary>
/// <c>spec</c> of a <c>KuberhealthyState</c>. The upstream fields keep their upstream JSON names
/// (PascalCase, <c>uuid</c>, <c>khWorkload</c>) and are always written, because the upstream CRD
/// requires them. The fields after <see cref="Workload"/> are ours: what a new leader needs to
/// finish a run it did not start, and the failure bookkeeping.
/// </summary>
public sealed class KhStateSpec : CustomResourceSpec
{
    [JsonPropertyName("OK")]
    public bool OK { get; set; }

    [JsonPropertyName("Errors")]
    public List<string> Errors { get; set; } = [];

    [JsonPropertyName("RunDuration")]
    public string RunDuration { get; set; } = "0s";

    [JsonPropertyName("Namespace")]
    public string Namespace { get; set; } = "";

    [JsonPropertyName("Node")]
    public string Node { get; set; } = "";

    /// <summary>When the last result was written (upstream: whole seconds).</summary>
    [JsonPropertyName("LastRun")]
    [JsonConverter(typeof(WholeSecondTimeConverter))]
    public DateTimeOffset? LastRun { get; set; }

    [JsonPropertyName("AuthoritativePod")]
    public string AuthoritativePod { get; set; } = "";

    /// <summary>The run allowed to report now (upstream <c>CurrentUUID</c>).</summary>
    [JsonPropertyName("uuid")]
    public string Uuid { get; set; } = "";

    /// <summary><c>KHCheck</c> or <c>KHJob</c>; declared upstream but never written there.</summary>
    [JsonPropertyName("khWorkload")]
    public string? Workload { get; set; }

    [JsonPropertyName("Reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("ConsecutiveFailures")]
    public int? ConsecutiveFailures { get; set; }

    [JsonPropertyName("LastSuccess")]
    [JsonConverter(typeof(WholeSecondTimeConverter))]
    public DateTimeOffset? LastSuccess { get; set; }

    /// <summary>Start of the run named by <see cref="Uuid"/>, to the microsecond so durations are exact.</summary>
    [JsonPropertyName("RunStarted")]
    public DateTimeOffset? RunStarted { get; set; }

    [JsonPropertyName("RunDeadline")]
    public DateTimeOffset? RunDeadline { get; set; }

    [JsonPropertyName("RunPod")]
    public string? RunPod { get; set; }

    /// <summary>The run request (the khcheck's <c>healthchecks.io/run-requested</c> value) the latest run answered.</summary>
    [JsonPropertyName("RunRequest")]
    public string? RunRequest { get; set; }

    /// <summary>The run whose result <see cref="OK"/> and <see cref="Errors"/> hold.</summary>
    [JsonPropertyName("ResultUUID")]
    public string? ResultUuid { get; set; }

    /// <summary>A run is in flight when one was started and its result is not stored yet.</summary>
    [JsonIgnore]
    public bool RunInFlight => Uuid.Length > 0 && RunStarted is not null && ResultUuid != Uuid;
}
