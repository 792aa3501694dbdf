using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Serialization;

/// <summary>
/// Kubernetes <c>Time</c>: RFC 3339 in UTC with whole seconds on the wire (what the API server
/// writes); reading accepts any fractional part and offset.
/// </summary>
public sealed class KubeTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
