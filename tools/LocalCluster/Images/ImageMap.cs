using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HealthChecks.Kube.Manifests;
using k8s.Models;

namespace HealthChecks.LocalCluster.Images;

/// <summary>
/// The image-to-command map: ordered rules, first match wins. The YAML format is documented in
/// <c>default-image-map.yaml</c> and docs/local-cluster.md.
/// </summary>
internal sealed class ImageMap
{
    private readonly List<(ImageRule Rule, Regex Pattern)> _rules;

    private ImageMap(IEnumerable<ImageRule> rules) =>
        _rules = rules.Select(rule => (rule, GlobToRegex(rule.Pattern))).ToList();

    public IReadOnlyList<ImageRule> Rules => _rules.Select(r => r.Rule).ToList();

    /// <summary>The user's map (if any) in front of the built-in one.</summary>
    public static ImageMap Load(string? userFile, IReadOnlyDictionary<string, string> placeholders)
    {
        var rules = new List<ImageRule>();
        if (userFile is not null)
        {
            rules.AddRange(Parse(File.ReadAllText(userFile), userFile, placeholders));
        }

        rules.AddRange(Parse(DefaultYaml(), "built-in image map", placeholders));
        return new ImageMap(rules);
    }

    public static ImageMap FromYaml(string yaml, IReadOnlyDictionary<string, string> placeholders) =>
        new(Parse(yaml, "inline", placeholders));

    public static string DefaultYaml()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("default-image-map.yaml")
            ?? throw new InvalidOperationException("the built-in image map is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public ImageRule? Match(string image)
    {
        var shortName = ShortName(image);
        return _rules.FirstOrDefault(r => r.Pattern.IsMatch(image) || r.Pattern.IsMatch(shortName)).Rule;
    }

    /// <summary>
    /// What runs for <paramref name="container"/>: null when no rule knows the image (ErrImagePull).
    /// Throws <see cref="FormatException"/> for a command container without anything to run.
    /// </summary>
    public ContainerPlan? Plan(V1Container container)
    {
        if (Match(container.Image ?? "") is not { } rule)
        {
            return null;
        }

        var args = container.Args ?? [];
        IReadOnlyList<string> argv = rule.Run switch
        {
            ImageRunKind.Program => [.. rule.Program, .. args],
            ImageRunKind.Command => CommandArgv(container, rule),
            _ => [],
        };
        return new ContainerPlan(rule.Run, argv, rule);
    }

    // Docker's rule: command replaces the entrypoint and drops cmd; args replace cmd.
    private static List<string> CommandArgv(V1Container container, ImageRule rule)
    {
        List<string> argv = container.Command is { Count: > 0 } command
            ? [.. command, .. container.Args ?? []]
            : [.. rule.Entrypoint, .. container.Args is { Count: > 0 } args ? args : (IEnumerable<string>)rule.Cmd];
        return argv.Count > 0 ? argv : throw new FormatException($"image {container.Image}: the container has no command or args and the image rule ({rule.Source}) gives none");
    }

    /// <summary><c>docker.io/library/busybox:1.36</c> → <c>busybox:1.36</c>.</summary>
    public static string ShortName(string image)
    {
        var name = image.StartsWith("docker.io/", StringComparison.Ordinal) ? image["docker.io/".Length..] : image;
        return name.StartsWith("library/", StringComparison.Ordinal) ? name["library/".Length..] : name;
    }

    private static Regex GlobToRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static List<ImageRule> Parse(string yaml, string source, IReadOnlyDictionary<string, string> placeholders)
    {
        var documents = YamlToJson.ParseDocuments(yaml);
        if (documents.Count == 0)
        {
            return [];
        }

        if (documents[0]["images"] is not JsonArray images)
        {
            throw new FormatException($"{source}: expected a top-level `images:` list");
        }

        var rules = new List<ImageRule>();
        for (var i = 0; i < images.Count; i++)
        {
            var where = $"{source}, images[{i}]";
            var entry = images[i] as JsonObject ?? throw new FormatException($"{where}: expected a mapping");
            var pattern = entry["image"]?.GetValue<string>() is { Length: > 0 } p ? p : throw new FormatException($"{where}: `image` is required");
            var run = (entry["run"]?.GetValue<string>()) switch
            {
                "program" => ImageRunKind.Program,
                "command" => ImageRunKind.Command,
                "pause" => ImageRunKind.Pause,
                "http-ok" => ImageRunKind.HttpOk,
                "report-ok" => ImageRunKind.ReportOk,
                var other => throw new FormatException($"{where}: `run` must be program, command, pause, http-ok or report-ok (got '{other}')"),
            };
            var program = Strings(entry, "program", where).Select(s => Substitute(s, placeholders, where)).ToList();
            if (run == ImageRunKind.Program && program.Count == 0)
            {
                throw new FormatException($"{where}: run: program needs a `program` list");
            }

            rules.Add(new ImageRule(pattern, run, program, Strings(entry, "entrypoint", where), Strings(entry, "cmd", where), $"{source} ({pattern})"));
        }

        return rules;
    }

    private static List<string> Strings(JsonObject entry, string key, string where) => entry[key] switch
    {
        null => [],
        JsonArray list => list.Select(item => item?.GetValue<string>() ?? throw new FormatException($"{where}: `{key}` holds a null")).ToList(),
        _ => throw new FormatException($"{where}: `{key}` must be a list of strings"),
    };

    private static string Substitute(string text, IReadOnlyDictionary<string, string> placeholders, string where)
    {
        foreach (var (name, value) in placeholders)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return Regex.Match(text, @"\{[a-z]+\}", RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } left
            ? throw new FormatException($"{where}: unknown placeholder {left.Value}")
            : text;
    }
}
