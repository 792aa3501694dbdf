using System.Text.Json.Nodes;
using HealthChecks.Kube.Manifests;

namespace HealthChecks.Chart.Tests;

/// <summary>The documents of a <c>helm template</c> output, as JSON (the API server's YAML rules).</summary>
internal sealed class RenderedChart(IReadOnlyList<JsonObject> documents, string text)
{
    public IReadOnlyList<JsonObject> Documents { get; } = documents;

    public string Text { get; } = text;

    public static RenderedChart Parse(string yaml) =>
        new(YamlToJson.ParseDocuments(yaml).OfType<JsonObject>().ToList(), yaml);

    public IEnumerable<JsonObject> OfKind(string kind) =>
        Documents.Where(d => (string?)d["kind"] == kind);

    public JsonObject? Find(string kind, string name) =>
        OfKind(kind).FirstOrDefault(d => (string?)d["metadata"]?["name"] == name);

    /// <summary>The one object of <paramref name="kind"/> (named <paramref name="name"/> if given); fails otherwise.</summary>
    public JsonObject Single(string kind, string? name = null)
    {
        var matches = OfKind(kind).Where(d => name is null || (string?)d["metadata"]?["name"] == name).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind}{(name is null ? "" : " " + name)}, found {matches.Count} in:\n{Summary()}");
        return matches[0];
    }

    /// <summary>One line per object: kind namespace/name.</summary>
    public string Summary() => string.Join('\n', Documents.Select(d => $"{d["kind"]} {d["metadata"]?["namespace"]}/{d["metadata"]?["name"]}"));
}

internal static class Json
{
    public static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n ?? "").ToArray() : [];

    public static Dictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject obj ? obj.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") : [];
}
