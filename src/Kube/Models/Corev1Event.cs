using System.Text.Json.Serialization;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Models;

/// <summary>A core/v1 <c>Event</c>; named as the official client names it, to keep it apart from events.k8s.io.</summary>
public sealed class Corev1Event : KubeObject
{
    public V1ObjectReference? InvolvedObject { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Type { get; set; }

    public int? Count { get; set; }

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? EventTime { get; set; }

    public V1EventSource? Source { get; set; }

    public Corev1EventSeries? Series { get; set; }

    public string? Action { get; set; }

    public V1ObjectReference? Related { get; set; }

    public string? ReportingComponent { get; set; }

    public string? ReportingInstance { get; set; }
}
