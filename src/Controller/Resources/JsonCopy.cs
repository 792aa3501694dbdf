using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HealthChecks.Controller.Resources;

/// <summary>A deep copy through the source-generated contract: cached objects are shared and must never be changed in place.</summary>
public static class JsonCopy
{
    public static T Of<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(value, typeInfo), typeInfo)!;
}
