using System.Text.Json.Serialization;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Models;

public sealed class Corev1EventSeries : KubeModel
{
    public int? Count { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? LastObservedTime { get; set; }
}
