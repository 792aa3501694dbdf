using System.Text.Json.Nodes;

namespace HealthChecks.TestKit.FakeKubeApi;

/// <summary>
/// Label and field selectors of a list, the equality-based subset: <c>a=b</c>, <c>a==b</c>,
/// <c>a!=b</c>, and for labels <c>a</c> (exists) and <c>!a</c> (absent). Field selectors name a
/// dotted path into the object (<c>metadata.name</c>, <c>status.phase</c>, <c>spec.nodeName</c>).
/// </summary>
public static class Selectors
{
    /// <summary>A predicate for the selector; null with a problem when it cannot be parsed (400).</summary>
    public static Func<JsonObject, bool>? Labels(string? selector, out string? problem) =>
        Parse(selector, labels: true, out problem);

    public static Func<JsonObject, bool>? Fields(string? selector, out string? problem) =>
        Parse(selector, labels: false, out problem);

    private static Func<JsonObject, bool>? Parse(string? selector, bool labels, out string? problem)
    {
        problem = null;
        var tests = new List<Func<JsonObject, bool>>();
        foreach (var raw in (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Func<JsonObject, string?> read = labels ? LabelReader(Key(raw)) : FieldReader(Key(raw));
            if (raw.Contains("!=", StringComparison.Ordinal))
            {
                var value = raw[(raw.IndexOf("!=", StringComparison.Ordinal) + 2)..];
                tests.Add(o => read(o) != value);
            }
            else if (raw.Contains('=', StringComparison.Ordinal))
            {
                var value = raw[(raw.LastIndexOf('=') + 1)..];
                tests.Add(o => read(o) == value);
            }
            else if (labels && raw.StartsWith('!'))
            {
                tests.Add(o => read(o) is null);
            }
            else if (labels && !raw.Contains(' ', StringComparison.Ordinal) && !raw.Contains('(', StringComparison.Ordinal))
            {
                tests.Add(o => read(o) is not null);
            }
            else
            {
                problem = $"unable to parse requirement: \"{raw}\" (the fake API server knows equality and existence only)";
                return null;
            }
        }

        return o => tests.TrueForAll(test => test(o));
    }

    private static string Key(string requirement) =>
        requirement.TrimStart('!').Split(['!', '='], 2)[0].Trim();

    private static Func<JsonObject, string?> LabelReader(string key) =>
        o => o["metadata"]?["labels"]?[key]?.GetValue<string>();

    private static Func<JsonObject, string?> FieldReader(string path) => o =>
    {
        JsonNode? node = o;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node?.ToString() ?? "";
    };
}
