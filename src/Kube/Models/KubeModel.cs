using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Models;

/// <summary>
/// Base of every model: fields this client does not model are kept here, so that a
/// read-modify-write (GET then PUT) never drops what another writer or a newer API version set.
/// </summary>
public abstract class KubeModel
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
