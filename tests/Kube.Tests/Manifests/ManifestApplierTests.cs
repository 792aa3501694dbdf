using System.Net;
using System.Text.Json.Nodes;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Manifests;

public class ManifestApplierTests
{
    private const string CoreV1 = """
        {"kind":"APIResourceList","groupVersion":"v1","resources":[
          {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create"]},
          {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create"]}]}
        """;

    private const string Settings = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          replicas: "3"
          enabled: true
        """;

    [Fact]
    public async Task ApplyYamlAsync_NamespacedKindWithoutNamespace_CreatesItInTheGivenNamespace()
    {
        await using var server = await Api(exists: false);
        using var client = FakeApi.Client(server);

        var applied = Assert.Single(await new ManifestApplier(client).ApplyYamlAsync(Settings, "team"));

        var post = server.Requests[1];
        Assert.Equal(("POST", "/api/v1/namespaces/team/configmaps"), (post.Method, post.Path));
        var body = JsonNode.Parse(post.Body)!;
        Assert.Equal(("team", "3", true), ((string?)body["metadata"]!["namespace"], (string?)body["data"]!["replicas"], (bool?)body["data"]!["enabled"]));
        Assert.Equal("team", (string?)applied["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task ApplyYamlAsync_NoNamespaceAnywhere_UsesTheAppliersDefault()
    {
        await using var server = await Api(exists: false);
        using var client = FakeApi.Client(server);

        await new ManifestApplier(client, defaultNamespace: "healthchecks").ApplyYamlAsync(Settings);

        Assert.Equal("/api/v1/namespaces/healthchecks/configmaps", server.Requests[1].Path);
    }

    [Fact]
    public async Task ApplyYamlAsync_ClusterScopedKind_DropsTheNamespace()
    {
        await using var server = await Api(exists: false);
        using var client = FakeApi.Client(server);

        await new ManifestApplier(client).ApplyYamlAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: checks, namespace: ignored}\n", "team");

        var post = server.Requests[1];
        Assert.Equal("/api/v1/namespaces", post.Path);
        Assert.Null(JsonNode.Parse(post.Body)!["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task ApplyYamlAsync_AlreadyExists_ReplacesWithTheLiveResourceVersion()
    {
        await using var server = await Api(exists: true);
        using var client = FakeApi.Client(server);

        var applied = Assert.Single(await new ManifestApplier(client).ApplyYamlAsync(Settings, "team"));

        Assert.Equal(
            [("GET", "/api/v1"), ("POST", "/api/v1/namespaces/team/configmaps"), ("GET", "/api/v1/namespaces/team/configmaps/settings"), ("PUT", "/api/v1/namespaces/team/configmaps/settings")],
            server.Requests.Select(r => (r.Method, r.Path)));
        Assert.Equal("7", (string?)JsonNode.Parse(server.Requests[3].Body)!["metadata"]!["resourceVersion"]);
        Assert.Equal("3", (string?)applied["data"]!["replicas"]);
    }

    [Theory]
    [InlineData("- just\n- a list\n", "a manifest document must be a mapping")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "a manifest needs apiVersion, kind and metadata.name")]
    public async Task ApplyYamlAsync_NotAnObjectWithAName_ThrowsFormatException(string yaml, string message)
    {
        await using var server = await Api(exists: false);
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<FormatException>(() => new ManifestApplier(client).ApplyYamlAsync(yaml));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    // Discovery of the core group, and config maps that exist already (409 on create) or not.
    private static Task<LoopbackHttpServer> Api(bool exists) => LoopbackHttpServer.StartAsync((request, _) => (request.Method, request.Path) switch
    {
        ("GET", "/api/v1") => new CannedResponse(200, CoreV1),
        ("POST", _) when exists => FakeApi.Status(HttpStatusCode.Conflict, "AlreadyExists", "configmaps \"settings\" already exists"),
        ("POST", _) => new CannedResponse(201, request.Body),
        ("GET", _) => new CannedResponse(200, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"team","resourceVersion":"7"}}"""),
        ("PUT", _) => new CannedResponse(200, request.Body),
        _ => new CannedResponse(405),
    });
}
