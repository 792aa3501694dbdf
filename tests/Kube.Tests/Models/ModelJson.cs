using System.Text.Json.Nodes;
using k8s;

namespace HealthChecks.Kube.Tests.Models;

/// <summary>JSON helpers for the model contract tests, all through the official client's own settings (<see cref="KubernetesJson"/>).</summary>
internal static class ModelJson
{
    public static T Read<T>(string json) => KubernetesJson.Deserialize<T>(json) ?? throw new InvalidOperationException("deserialized to null");

    public static string Write(object value) => KubernetesJson.Serialize(value);

    public static JsonNode Parse(string json) => JsonNode.Parse(json) ?? throw new InvalidOperationException("null JSON");

    /// <summary>
    /// The JSON as the client writes it back: the API server writes some absent values as
    /// <c>null</c> (<c>lastProbeTime</c>, template <c>creationTimestamp</c>), which mean the same
    /// as absent, and the client omits nulls.
    /// </summary>
    public static JsonNode WithoutNulls(string json)
    {
        var node = Parse(json);
        RemoveNulls(node);
        return node;
    }

    public static void AssertJsonEqual(JsonNode expected, string actual) =>
        Assert.True(
            JsonNode.DeepEquals(expected, Parse(actual)),
            $"JSON differs.\nexpected: {expected.ToJsonString()}\nactual:   {actual}");

    private static void RemoveNulls(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(key);
            }

            foreach (var (_, child) in obj)
            {
                RemoveNulls(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                RemoveNulls(child);
            }
        }
    }
}
