using System.Text.Json.Nodes;

namespace HealthChecks.Kube.Models;

public sealed class V1CustomResourceValidation : KubeModel
{
    /// <summary>The structural schema, kept as editable JSON (the official client types it as V1JSONSchemaProps).</summary>
    public JsonObject? OpenAPIV3Schema { get; set; }
}
