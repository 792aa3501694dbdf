using System.Text.Json.Serialization;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Models;

/// <summary>Acquire and renew times are <c>MicroTime</c>: written with exactly six fractional digits.</summary>
public sealed class V1LeaseSpec : KubeModel
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }

    public string? Strategy { get; set; }

    public string? PreferredHolder { get; set; }
}
