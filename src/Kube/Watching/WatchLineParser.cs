using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Watching;

/// <summary>Parses one line of a watch stream: <c>{"type":"ADDED","object":{...}}</c>.</summary>
internal static class WatchLineParser
{
    public static WatchEvent<T> Parse<T>(string line, JsonTypeInfo<T> typeInfo)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var typeElement) || !root.TryGetProperty("object", out var objectElement))
        {
            throw new JsonException($"a watch event needs 'type' and 'object': {Truncate(line)}");
        }

        var type = typeElement.GetString();
        if (type == "ERROR")
        {
            var status = objectElement.Deserialize(KubeJsonContext.Default.V1Status);
            var code = status?.Code is { } c and > 0 ? (HttpStatusCode)c : HttpStatusCode.InternalServerError;
            throw new KubeApiException(code, status, "watch");
        }

        var eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonException($"unknown watch event type '{type}'"),
        };
        var obj = objectElement.Deserialize(typeInfo) ?? throw new JsonException("a watch event's object is null");
        return new WatchEvent<T>(eventType, obj);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
