using System.Text.Json.Serialization;
using HealthChecks.Controller.Resources;

namespace HealthChecks.Controller.Status;

/// <summary>The Kuberhealthy v2 status JSON: field names and order as upstream serializes them.</summary>
public sealed class StatusDocument
{
    [JsonPropertyName("OK")]
    public bool OK { get; set; } = true;

    [JsonPropertyName("Errors")]
    public List<string> Errors { get; set; } = [];

    [JsonPropertyName("CheckDetails")]
    public SortedDictionary<string, KhStateSpec> CheckDetails { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("JobDetails")]
    public SortedDictionary<string, KhStateSpec> JobDetails { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("CurrentMaster")]
    public string CurrentMaster { get; set; } = "";

    [JsonPropertyName("Metadata")]
    public Dictionary<string, string> Metadata { get; set; } = [];
}
