using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Serialization;

/// <summary>
/// Kubernetes <c>MicroTime</c> (Lease acquire/renew times): the API server parses it with the Go
/// layout <c>2006-01-02T15:04:05.000000Z07:00</c>, so exactly six fractional digits are written.
/// </summary>
public sealed class MicroTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? null
            : DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
