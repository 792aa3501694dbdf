using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthChecks.Kube.Serialization;

/// <summary>
/// Resource quantities (<c>cpu: 1</c>, <c>memory: 64Mi</c>). The API server writes them as strings
/// in core objects, but a pod spec inside a custom resource keeps what the YAML said, and
/// <c>cpu: 1</c> arrives as the JSON number 1. Numbers are read as their exact text; writing is
/// always the string form, which the API server accepts for every quantity.
/// </summary>
public sealed class QuantityMapConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"resource quantities must be an object, got {reader.TokenType}");
        }

        var quantities = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            quantities[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
                _ => throw new JsonException($"the quantity of {name} must be a string or a number, got {reader.TokenType}"),
            };
        }

        return quantities;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, quantity) in value)
        {
            writer.WriteString(name, quantity);
        }

        writer.WriteEndObject();
    }
}
