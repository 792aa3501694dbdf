using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HealthChecks.Kube.Manifests;

/// <summary>
/// Converts YAML documents to JSON the way the API server's YAML decoder does: plain scalars
/// that look like booleans, integers, floats or null become those; quoted scalars stay strings.
/// </summary>
public static class YamlToJson
{
    /// <summary>Every non-empty document of a (multi-document) YAML text.</summary>
    public static IReadOnlyList<JsonNode> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }

        return stream.Documents
            .Select(d => Convert(d.RootNode))
            .OfType<JsonNode>()
            .ToList();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new FormatException($"unsupported YAML node {node.NodeType} at line {node.Start.Line}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new FormatException($"a mapping key must be a scalar (line {key.Start.Line})");
            result[name] = Convert(value);
        }

        return result;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (LooksLikeFloat(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    // Only decimal notation counts as a number ("1e3", "0.5"); "1_000", "0x1F" and "Infinity" stay strings.
    private static bool LooksLikeFloat(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-') && value.Any(char.IsAsciiDigit);
}
