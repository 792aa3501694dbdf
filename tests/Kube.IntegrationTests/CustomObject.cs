using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

/// <summary>A custom resource (khcheck, khstate) as a consumer of <c>ResourceClient&lt;T&gt;</c> types it: typed metadata, free-form spec.</summary>
internal sealed class CustomObject : IKubernetesObject<V1ObjectMeta>
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public V1ObjectMeta Metadata { get; set; } = new();

    public JsonObject? Spec { get; set; }
}
