using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Resources;

/// <summary>A custom resource as a consumer of <c>ResourceClient&lt;T&gt;</c> defines one: typed metadata, a free-form spec.</summary>
internal sealed class KhCheck : IKubernetesObject<V1ObjectMeta>
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public V1ObjectMeta Metadata { get; set; } = new();

    public JsonObject? Spec { get; set; }
}
