using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Resources;

/// <summary>
/// A Kuberhealthy custom resource as the official client reads and writes it. Fields we do not
/// model are kept (at the top and in the spec), so a read-modify-write (GET then PUT) never drops
/// what another writer, a newer CRD or upstream Kuberhealthy put there.
/// </summary>
public abstract class CustomResource<TSpec> : IKubernetesObject<V1ObjectMeta>
    where TSpec : CustomResourceSpec, new()
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
