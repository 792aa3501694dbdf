using System.Text.Json.Nodes;

namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceSubresources : KubeModel
{
    /// <summary>Present (as <c>{}</c>) when the status subresource is enabled.</summary>
    public JsonObject? Status { get; set; }

    public V1CustomResourceSubresourceScale? Scale { get; set; }
}
