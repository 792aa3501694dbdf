using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Resources;

/// <summary>
/// A Kubernetes <c>Time</c> as the API server writes it: RFC 3339 UTC, whole seconds. Used for the
/// khstate's upstream <c>LastRun</c> and our <c>LastSuccess</c>, so a state written by us reads as
/// one written by Kuberhealthy; reading accepts any fractional part and offset.
/// </summary>
public sealed class WholeSecondTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
