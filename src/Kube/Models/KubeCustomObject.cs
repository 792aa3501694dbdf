using System.Text.Json.Nodes;

namespace HealthChecks.Kube.Models;

/// <summary>
/// Any object without a typed model (custom resources, RBAC objects read from manifests):
/// <c>spec</c> and <c>status</c> are editable JSON, every other field survives in ExtensionData.
/// </summary>
public sealed class KubeCustomObject : KubeObject
{
    public JsonObject? Spec { get; set; }

    public JsonObject? Status { get; set; }
}
