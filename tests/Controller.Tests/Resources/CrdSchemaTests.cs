using System.Text.Json.Serialization.Metadata;
using HealthChecks.Controller.Resources;
using k8s.Models;
using HealthChecks.TestKit;
using YamlDotNet.RepresentationModel;

namespace HealthChecks.Controller.Tests.Resources;

/// <summary>
/// Our CRDs in <c>crds/</c> against the upstream v2 ones: a superset (every upstream schema path
/// with the same type and required list, same names), our additions present, and every JSON field
/// the controller writes declared (the API server would prune an undeclared one).
/// </summary>
public class CrdSchemaTests
{
    /// <summary>The shape the official client's serializer writes: property names from the attributes, else camelCase.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Wire = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static TheoryData<string> Plurals => new() { "khchecks", "khjobs", "khstates" };

    private sealed record SchemaNode(YamlMappingNode Node)
    {
        public string? Type => Scalar(Node, "type");

        public string? Format => Scalar(Node, "format");

        public IReadOnlyList<string> Required =>
            Node.Children.TryGetValue(new YamlScalarNode("required"), out var r) && r is YamlSequenceNode list
                ? list.Children.Cast<YamlScalarNode>().Select(s => s.Value!).Order(StringComparer.Ordinal).ToList()
                : [];

        public bool IsOpen =>
            Scalar(Node, "x-kubernetes-preserve-unknown-fields") == "true"
            || (Type == "object" && !Node.Children.ContainsKey(new YamlScalarNode("properties")) && !Node.Children.ContainsKey(new YamlScalarNode("additionalProperties")));
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single(d => d.RootNode is YamlMappingNode { Children.Count: > 0 }).RootNode;
    }

    private static YamlMappingNode Ours(string plural) => Load(Path.Combine(RepositoryPaths.Root, "crds", $"comcast.github.io_{plural}.yaml"));

    private static YamlMappingNode Upstream(string plural) => Load(RepositoryPaths.Reference($"v2-master/deploy__helm__kuberhealthy__crds__comcast.github.io_{plural}.yaml"));

    private static YamlNode At(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = node is YamlSequenceNode seq && int.TryParse(key, out var i) ? seq.Children[i] : ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static YamlMappingNode Version(YamlMappingNode crd) => (YamlMappingNode)((YamlSequenceNode)At(crd, "spec", "versions")).Children.Single();

    private static YamlMappingNode Schema(YamlMappingNode crd) => (YamlMappingNode)At(Version(crd), "schema", "openAPIV3Schema");

    /// <summary>Every node of a structural schema by path: <c>.spec.podSpec.containers[].env[].name</c>, maps as <c>{}</c>.</summary>
    private static Dictionary<string, SchemaNode> Paths(YamlMappingNode schema)
    {
        var paths = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        void Walk(YamlMappingNode node, string path)
        {
            paths[path] = new SchemaNode(node);
            if (node.Children.TryGetValue(new YamlScalarNode("properties"), out var properties))
            {
                foreach (var (key, child) in ((YamlMappingNode)properties).Children)
                {
                    Walk((YamlMappingNode)child, path + "." + ((YamlScalarNode)key).Value);
                }
            }

            if (node.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlMappingNode itemNode)
            {
                Walk(itemNode, path + "[]");
            }

            if (node.Children.TryGetValue(new YamlScalarNode("additionalProperties"), out var additional) && additional is YamlMappingNode additionalNode)
            {
                Walk(additionalNode, path + "{}");
            }
        }

        Walk(schema, "");
        return paths;
    }

    private static List<(string Name, string JsonPath, string Type)> Columns(YamlMappingNode crd) =>
        Version(crd).Children.TryGetValue(new YamlScalarNode("additionalPrinterColumns"), out var columns)
            ? ((YamlSequenceNode)columns).Children.Cast<YamlMappingNode>().Select(c => (Scalar(c, "name")!, Scalar(c, "jsonPath")!, Scalar(c, "type")!)).ToList()
            : [];

    [Theory]
    [MemberData(nameof(Plurals))]
    public void Crd_UpstreamSchema_EveryPathKeptWithSameTypeAndRequired(string plural)
    {
        var ours = Paths(Schema(Ours(plural)));
        var upstream = Paths(Schema(Upstream(plural)));

        Assert.Contains(plural == "khstates" ? ".spec.uuid" : ".spec.podSpec.containers[].env[].valueFrom.fieldRef.fieldPath", upstream.Keys);
        Assert.True(upstream.Count > (plural == "khstates" ? 14 : 1000), $"upstream {plural} schema has only {upstream.Count} nodes");
        var missing = upstream.Keys.Where(p => !ours.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, $"{plural}: missing {missing.Count} paths, e.g. {string.Join(", ", missing.Take(10))}");
        var different = upstream
            .Where(p => p.Value.Type != ours[p.Key].Type || p.Value.Format != ours[p.Key].Format || !p.Value.Required.SequenceEqual(ours[p.Key].Required))
            .Select(p => $"{p.Key} (type {p.Value.Type}/{ours[p.Key].Type}, format {p.Value.Format}/{ours[p.Key].Format}, required [{string.Join(',', p.Value.Required)}]/[{string.Join(',', ours[p.Key].Required)}])")
            .ToList();
        Assert.True(different.Count == 0, $"{plural}: {different.Count} paths differ: {string.Join("; ", different.Take(10))}");
    }

    [Theory]
    [MemberData(nameof(Plurals))]
    public void Crd_NamesScopeGroupVersion_SameAsUpstream(string plural)
    {
        var ours = Ours(plural);
        var upstream = Upstream(plural);

        Assert.Equal($"{plural}.comcast.github.io", Scalar((YamlMappingNode)At(ours, "metadata"), "name"));
        Assert.Equal(Scalar((YamlMappingNode)At(upstream, "metadata"), "name"), Scalar((YamlMappingNode)At(ours, "metadata"), "name"));
        Assert.Equal("comcast.github.io", Scalar((YamlMappingNode)At(ours, "spec"), "group"));
        Assert.Equal("Namespaced", Scalar((YamlMappingNode)At(ours, "spec"), "scope"));
        Assert.Equal(Scalar((YamlMappingNode)At(upstream, "spec"), "scope"), Scalar((YamlMappingNode)At(ours, "spec"), "scope"));
        foreach (var key in new[] { "kind", "listKind", "plural", "singular" })
        {
            Assert.Equal(Scalar((YamlMappingNode)At(upstream, "spec", "names"), key), Scalar((YamlMappingNode)At(ours, "spec", "names"), key));
        }

        Assert.Equal(plural, Scalar((YamlMappingNode)At(ours, "spec", "names"), "plural"));
        Assert.Equal(
            ((YamlSequenceNode)At(upstream, "spec", "names", "shortNames")).Children.Select(n => n.ToString()),
            ((YamlSequenceNode)At(ours, "spec", "names", "shortNames")).Children.Select(n => n.ToString()));
        Assert.Equal("v1", Scalar(Version(ours), "name"));
        Assert.Equal("true", Scalar(Version(ours), "served"));
        Assert.Equal("true", Scalar(Version(ours), "storage"));
    }

    [Theory]
    [InlineData("khchecks", "khc", "KuberhealthyCheck")]
    [InlineData("khjobs", "khj", "KuberhealthyJob")]
    [InlineData("khstates", "khs", "KuberhealthyState")]
    public void Crd_Names_ExpectedValues(string plural, string shortName, string kind)
    {
        var names = (YamlMappingNode)At(Ours(plural), "spec", "names");

        Assert.Equal(kind, Scalar(names, "kind"));
        Assert.Equal(kind + "List", Scalar(names, "listKind"));
        Assert.Equal(plural[..^1], Scalar(names, "singular"));
        Assert.Equal([shortName], ((YamlSequenceNode)At(names, "shortNames")).Children.Select(n => n.ToString()));
    }

    [Theory]
    [InlineData("khchecks", ".spec.failureThreshold", "integer")]
    [InlineData("khchecks", ".spec.paused", "boolean")]
    [InlineData("khstates", ".spec.Reason", "string")]
    [InlineData("khstates", ".spec.ConsecutiveFailures", "integer")]
    [InlineData("khstates", ".spec.LastSuccess", "string")]
    [InlineData("khstates", ".spec.RunStarted", "string")]
    [InlineData("khstates", ".spec.RunDeadline", "string")]
    [InlineData("khstates", ".spec.RunPod", "string")]
    [InlineData("khstates", ".spec.RunRequest", "string")]
    [InlineData("khstates", ".spec.ResultUUID", "string")]
    public void Crd_OurFields_DeclaredOptional(string plural, string path, string type)
    {
        var paths = Paths(Schema(Ours(plural)));

        Assert.True(paths.TryGetValue(path, out var node), $"{plural} has no {path}");
        Assert.Equal(type, node.Type);
        Assert.DoesNotContain(path.Split('.')[^1], paths[".spec"].Required);
    }

    [Theory]
    [InlineData("khchecks", "Interval", ".spec.runInterval")]
    [InlineData("khchecks", "Timeout", ".spec.timeout")]
    [InlineData("khstates", "OK", ".spec.OK")]
    [InlineData("khstates", "Reason", ".spec.Reason")]
    [InlineData("khstates", "Age LastRun", ".spec.LastRun")]
    public void Crd_PrinterColumns_Present(string plural, string name, string jsonPath)
    {
        Assert.Contains(Columns(Ours(plural)), c => c.Name == name && c.JsonPath == jsonPath);
    }

    [Theory]
    [MemberData(nameof(Plurals))]
    public void Crd_UpstreamPrinterColumns_Kept(string plural)
    {
        var ours = Columns(Ours(plural));

        Assert.All(Columns(Upstream(plural)), column => Assert.Contains(column, ours));
    }

    /// <summary>Every JSON path the serializer can write for <paramref name="type"/>, following nested objects, lists and maps.</summary>
    private static List<string> JsonPaths(Type type, string prefix)
    {
        var paths = new List<string>();
        // The podSpec is kept as the JSON it was read as (LenientPodSpec) and the controller never
        // writes a khcheck's or khjob's podSpec: it is a leaf here (see PodSpecModel_ReadsEveryUpstreamPodSpecField).
        static JsonTypeInfo Info(Type type, string path) => Wire.GetTypeInfo(type);
        void Walk(JsonTypeInfo info, string path, int depth)
        {
            Assert.True(depth < 20, $"{path} nests too deep");
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    foreach (var property in info.Properties.Where(p => !p.IsExtensionData && p.Get is not null))
                    {
                        var child = path + "." + property.Name;
                        paths.Add(child);
                        Walk(Info(property.PropertyType, child), child, depth + 1);
                    }

                    break;
                case JsonTypeInfoKind.Enumerable:
                    Walk(Info(info.ElementType!, path + "[]"), path + "[]", depth + 1);
                    break;
                case JsonTypeInfoKind.Dictionary:
                    Walk(Info(info.ElementType!, path + "{}"), path + "{}", depth + 1);
                    break;
            }
        }

        Walk(Info(type, prefix), prefix, 0);
        return paths;
    }

    private static List<string> Undeclared(string plural, IEnumerable<string> written)
    {
        var schema = Paths(Schema(Ours(plural)));
        bool Declared(string path)
        {
            if (schema.ContainsKey(path))
            {
                return true;
            }

            // Below an open object (x-kubernetes-preserve-unknown-fields, or a bare object) anything goes.
            for (var cut = path.LastIndexOfAny(['.', '[', '{']); cut > 0; cut = path.LastIndexOfAny(['.', '[', '{'], cut - 1))
            {
                if (schema.TryGetValue(path[..cut], out var node))
                {
                    return node.IsOpen;
                }
            }

            return false;
        }

        return written.Where(p => !Declared(p)).ToList();
    }

    [Fact]
    public void KhStateSpec_EveryJsonField_DeclaredInKhstateSchema()
    {
        var paths = JsonPaths(typeof(KhStateSpec), ".spec");

        Assert.Contains(".spec.ResultUUID", paths);
        Assert.Contains(".spec.uuid", paths);
        Assert.Contains(".spec.khWorkload", paths);
        Assert.DoesNotContain(".spec.RunInFlight", paths);
        Assert.Empty(Undeclared("khstates", paths));
    }

    [Fact]
    public void KhStateSpec_FullyPopulated_SerializesOnlyDeclaredFields()
    {
        var spec = new KhStateSpec
        {
            OK = true,
            Errors = ["e"],
            RunDuration = "1s",
            Namespace = "ns",
            Node = "n",
            LastRun = DateTimeOffset.UnixEpoch,
            AuthoritativePod = "p",
            Uuid = "u",
            Workload = "KHCheck",
            Reason = "Timeout",
            ConsecutiveFailures = 1,
            LastSuccess = DateTimeOffset.UnixEpoch,
            RunStarted = DateTimeOffset.UnixEpoch,
            RunDeadline = DateTimeOffset.UnixEpoch,
            RunPod = "pod",
            RunRequest = "r",
            ResultUuid = "u",
        };
        var state = new KuberhealthyState { Spec = spec };

        using var json = System.Text.Json.JsonDocument.Parse(k8s.KubernetesJson.Serialize(state));
        var written = json.RootElement.GetProperty("spec").EnumerateObject().Select(p => ".spec." + p.Name).ToList();

        Assert.Equal(17, written.Count);
        Assert.Empty(Undeclared("khstates", written));
    }

    [Fact]
    public void KhCheckSpec_EveryJsonField_DeclaredInKhcheckSchema()
    {
        var paths = JsonPaths(typeof(KhCheckSpec), ".spec");

        Assert.Contains(".spec.runInterval", paths);
        Assert.Contains(".spec.failureThreshold", paths);
        Assert.Contains(".spec.paused", paths);
        Assert.Contains(".spec.podSpec", paths);
        var undeclared = Undeclared("khchecks", paths);
        Assert.True(undeclared.Count == 0, string.Join("\n", undeclared));
    }

    [Fact]
    public void KhJobSpec_EveryJsonField_DeclaredInKhjobSchema()
    {
        var paths = JsonPaths(typeof(KhJobSpec), ".spec");

        Assert.Contains(".spec.phase", paths);
        Assert.Empty(Undeclared("khjobs", paths));
    }

    [Fact]
    public void PodSpecModel_ReadsEveryUpstreamPodSpecField()
    {
        // A khcheck's podSpec is read through the official client's V1PodSpec and copied into the
        // checker pod as the model knows it: a field the CRD lets through but the model lacks would
        // be dropped silently on the way to the pod.
        var model = JsonPaths(typeof(V1PodSpec), ".spec.podSpec").ToHashSet(StringComparer.Ordinal);
        var upstream = Paths(Schema(Upstream("khchecks"))).Keys
            .Where(p => p.StartsWith(".spec.podSpec.", StringComparison.Ordinal))
            .Where(p => !p.EndsWith("[]", StringComparison.Ordinal) && !p.EndsWith("{}", StringComparison.Ordinal)) // items, not fields
            .ToList();

        Assert.True(upstream.Count > 50, $"only {upstream.Count} upstream pod spec paths");
        Assert.Contains(".spec.podSpec.containers[].env[].valueFrom.fieldRef.fieldPath", upstream);
        var unknown = upstream.Where(p => !model.Contains(p)).ToList();
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }
}
