using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Tests.Models;

/// <summary>JSON helpers for model tests, all through the source-generated <see cref="KubeJsonContext"/>.</summary>
internal static class ModelJson
{
    public static T Read<T>(string json) =>
        (T)(JsonSerializer.Deserialize(json, typeof(T), KubeJsonContext.Default)
            ?? throw new InvalidOperationException("deserialized to null"));

    public static object Read(string json, Type type) =>
        JsonSerializer.Deserialize(json, type, KubeJsonContext.Default)
            ?? throw new InvalidOperationException("deserialized to null");

    public static string Write(object value) =>
        JsonSerializer.Serialize(value, value.GetType(), KubeJsonContext.Default);

    public static JsonNode Parse(string json) => JsonNode.Parse(json) ?? throw new InvalidOperationException("null JSON");

    /// <summary>
    /// The JSON as this client writes it back: the API server writes some absent values as
    /// <c>null</c> (<c>lastProbeTime</c>, template <c>creationTimestamp</c>), which mean the same
    /// as absent, and the models omit nulls.
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

    /// <summary>
    /// Every field that landed in ExtensionData somewhere in the object graph, as a path. Empty
    /// for a document whose fields are all modelled, which proves each JSON name binds to a
    /// typed property (a misspelt name would still round-trip, through ExtensionData).
    /// </summary>
    public static List<string> UnmodelledFields(object model)
    {
        var found = new List<string>();
        Collect(model, "$", found);
        return found;
    }

    private static void Collect(object? value, string path, List<string> found)
    {
        switch (value)
        {
            case KubeModel model:
                found.AddRange((model.ExtensionData ?? []).Keys.Select(key => $"{path}.{key}"));
                foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.Name != nameof(KubeModel.ExtensionData))
                    {
                        Collect(property.GetValue(model), $"{path}.{property.Name}", found);
                    }
                }

                break;
            case IList list:
                for (var i = 0; i < list.Count; i++)
                {
                    Collect(list[i], $"{path}[{i}]", found);
                }

                break;
        }
    }

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
