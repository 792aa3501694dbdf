using System.Net;
using System.Text.Json.Nodes;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Resources;

// Paths, verbs and bodies of the single-object calls, against a loopback server. The official
// client's custom-object calls address any group; with the empty group they must reach /api/v1.
public class ResourceClientTests
{
    private static readonly ResourceKind KhChecks = new("comcast.github.io", "v1", "khchecks", "KuberhealthyCheck", Namespaced: true);

    [Fact]
    public async Task GetAsync_NamespacedCoreKind_ReadsFromApiV1Namespaces()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Json(new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { Name = "web-0", NamespaceProperty = "ns" }, Spec = new V1PodSpec { NodeName = "node-1" } }));
        using var client = FakeApi.Client(server);

        var pod = await new ResourceClient<V1Pod>(client, BuiltInKinds.Pods).GetAsync("ns", "web-0");

        Assert.Equal("node-1", pod?.Spec.NodeName);
        Assert.Equal(("GET", "/api/v1/namespaces/ns/pods/web-0"), Single(server));
    }

    [Fact]
    public async Task GetAsync_GroupKind_ReadsFromApisGroupVersion()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"apiVersion":"comcast.github.io/v1","kind":"KuberhealthyCheck","metadata":{"name":"dns","namespace":"ns"},"spec":{"runInterval":"2m"}}"""));
        using var client = FakeApi.Client(server);

        var check = await new ResourceClient<KhCheck>(client, KhChecks).GetAsync("ns", "dns");

        Assert.Equal("2m", (string?)check?.Spec?["runInterval"]);
        Assert.Equal(("GET", "/apis/comcast.github.io/v1/namespaces/ns/khchecks/dns"), Single(server));
    }

    [Fact]
    public async Task GetAsync_ClusterScopedKind_IgnoresTheNamespace()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Json(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } }));
        using var client = FakeApi.Client(server);

        var node = await new ResourceClient<V1Node>(client, BuiltInKinds.Nodes).GetAsync("ignored", "node-1");

        Assert.Equal("node-1", node?.Metadata.Name);
        Assert.Equal(("GET", "/api/v1/nodes/node-1"), Single(server));
    }

    [Fact]
    public async Task GetAsync_404_ReturnsNull()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.NotFound, "NotFound"));
        using var client = FakeApi.Client(server);

        Assert.Null(await new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).GetAsync("ns", "absent"));
    }

    [Fact]
    public async Task GetAsync_403_Throws()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.Forbidden, "Forbidden", "configmaps \"x\" is forbidden"));
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).GetAsync("ns", "x"));

        Assert.True(error.IsForbidden());
    }

    [Fact]
    public async Task GetAsync_NamespacedKindWithoutNamespace_ThrowsNamingKindAndName()
    {
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ResourceClient<V1Pod>(client, BuiltInKinds.Pods).GetAsync(null, "web-0"));

        Assert.Contains("Pod 'web-0' is namespaced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_StampsApiVersionAndKindAndPostsToTheObjectsNamespace()
    {
        await using var server = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(201, request.Body));
        using var client = FakeApi.Client(server);
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "ns" }, Data = new Dictionary<string, string> { ["k"] = "v" } };

        var created = await new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).CreateAsync(configMap);

        Assert.Equal(("POST", "/api/v1/namespaces/ns/configmaps"), Single(server));
        var body = JsonNode.Parse(server.Requests[0].Body)!;
        Assert.Equal(("v1", "ConfigMap", "v"), ((string?)body["apiVersion"], (string?)body["kind"], (string?)body["data"]!["k"]));
        Assert.Equal("v", created.Data["k"]);
    }

    [Fact]
    public async Task CreateAsync_ClusterScopedGroupKind_PostsToTheCollection()
    {
        var crds = new ResourceKind("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false);
        await using var server = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(201, request.Body));
        using var client = FakeApi.Client(server);

        var created = await new ResourceClient<V1CustomResourceDefinition>(client, crds).CreateAsync(new V1CustomResourceDefinition { Metadata = new V1ObjectMeta { Name = "khchecks.comcast.github.io" } });

        Assert.Equal(("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"), Single(server));
        Assert.Equal(("apiextensions.k8s.io/v1", "CustomResourceDefinition"), (created.ApiVersion, created.Kind));
    }

    [Fact]
    public async Task CreateAsync_NamespacedObjectWithoutNamespace_ThrowsBeforeSending()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ResourceClient<KhCheck>(client, KhChecks).CreateAsync(new KhCheck { Metadata = new V1ObjectMeta { Name = "dns" } }));

        Assert.Contains("KuberhealthyCheck 'dns' is namespaced", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ReplaceAsync_PutsTheObjectWithItsResourceVersion()
    {
        await using var server = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(200, request.Body));
        using var client = FakeApi.Client(server);
        var check = new KhCheck { Metadata = new V1ObjectMeta { Name = "dns", NamespaceProperty = "ns", ResourceVersion = "42" }, Spec = new JsonObject { ["paused"] = true } };

        await new ResourceClient<KhCheck>(client, KhChecks).ReplaceAsync(check);

        Assert.Equal(("PUT", "/apis/comcast.github.io/v1/namespaces/ns/khchecks/dns"), Single(server));
        var body = JsonNode.Parse(server.Requests[0].Body)!;
        Assert.Equal(("42", true, "comcast.github.io/v1"), ((string?)body["metadata"]!["resourceVersion"], (bool?)body["spec"]!["paused"], (string?)body["apiVersion"]));
    }

    [Fact]
    public async Task ReplaceAsync_StaleResourceVersion_ThrowsConflict()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.Conflict, "Conflict", "the object has been modified; please apply your changes to the latest version and try again"));
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).ReplaceAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "ns", ResourceVersion = "1" } }));

        Assert.True(error.IsConflict());
        Assert.False(error.IsAlreadyExists());
    }

    [Fact]
    public async Task ReplaceAsync_WithoutName_Throws()
    {
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).ReplaceAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { NamespaceProperty = "ns" } }));

        Assert.Contains("metadata.name is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAsync_MergePatch_SendsItsContentType()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Json(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" }, Data = new Dictionary<string, string> { ["b"] = "3" } }));
        using var client = FakeApi.Client(server);

        var patched = await new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).PatchAsync("ns", "a", new V1Patch("""{"data":{"b":"3"}}""", V1Patch.PatchType.MergePatch));

        Assert.Equal("3", patched.Data["b"]);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("PATCH", "/api/v1/namespaces/ns/configmaps/a"), (request.Method, request.Path));
        Assert.StartsWith("application/merge-patch+json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("""{"data":{"b":"3"}}""", request.Body);
    }

    [Fact]
    public async Task DeleteAsync_Existing_SendsTheOptionsAndReturnsTrue()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"kind":"Status","apiVersion":"v1","status":"Success"}"""));
        using var client = FakeApi.Client(server);

        var deleted = await new ResourceClient<V1Pod>(client, BuiltInKinds.Pods).DeleteAsync("ns", "web-0", new V1DeleteOptions { GracePeriodSeconds = 0, PropagationPolicy = "Background" });

        Assert.True(deleted);
        Assert.Equal(("DELETE", "/api/v1/namespaces/ns/pods/web-0"), Single(server));
        var body = JsonNode.Parse(server.Requests[0].Body)!;
        Assert.Equal((0, "Background"), ((int?)body["gracePeriodSeconds"], (string?)body["propagationPolicy"]));
    }

    [Fact]
    public async Task DeleteAsync_AlreadyGone_ReturnsFalse()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.NotFound, "NotFound"));
        using var client = FakeApi.Client(server);

        Assert.False(await new ResourceClient<V1Node>(client, BuiltInKinds.Nodes).DeleteAsync(null, "node-1"));
        Assert.Equal(("DELETE", "/api/v1/nodes/node-1"), Single(server));
    }

    private static (string Method, string Path) Single(LoopbackHttpServer server)
    {
        var request = Assert.Single(server.Requests);
        return (request.Method, request.Path);
    }
}
