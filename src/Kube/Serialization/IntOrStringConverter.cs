using System.Text.Json;
using System.Text.Json.Serialization;
using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Serialization;

public sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new IntOrString(reader.GetInt32()),
            JsonTokenType.String => new IntOrString(reader.GetString()!),
            _ => throw new JsonException($"expected a number or a string, got {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.IntValue is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.StringValue ?? "");
        }
    }
}
