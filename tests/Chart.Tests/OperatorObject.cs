using k8s;
using k8s.Models;

namespace HealthChecks.Chart.Tests;

/// <summary>A Prometheus Operator object (ServiceMonitor, PrometheusRule), read only for its metadata.</summary>
internal sealed class OperatorObject : IKubernetesObject<V1ObjectMeta>
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public V1ObjectMeta Metadata { get; set; } = new();
}
