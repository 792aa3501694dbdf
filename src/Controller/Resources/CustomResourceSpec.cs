using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Resources;

/// <summary>Base of our specs: fields we do not model survive a read-modify-write.</summary>
public abstract class CustomResourceSpec
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
