using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Resources;

public class ResourceClientListTests
{
    [Fact]
    public async Task ListPageAsync_Namespace_ListsThatNamespaceWithSelectorsEscapedAndDefaultLimit()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[]}"""));
        using var client = FakeApi.Client(server);

        var page = await new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).ListPageAsync("ns", new ListRequest { LabelSelector = "tier in (a,b),!canary", FieldSelector = "metadata.name=x" });

        Assert.Equal("7", page.Metadata.ResourceVersion);
        var (path, query) = FakeApi.SplitQuery(Assert.Single(server.Requests).Path);
        Assert.Equal("/api/v1/namespaces/ns/configmaps", path);
        Assert.Equal(("tier in (a,b),!canary", "metadata.name=x", "500"), (query["labelSelector"], query["fieldSelector"], query["limit"]));
        Assert.Contains("labelSelector=tier%20in%20%28a%2Cb%29%2C%21canary", server.Requests[0].Path, StringComparison.Ordinal);
        Assert.False(query.ContainsKey("continue"));
    }

    [Fact]
    public async Task ListPageAsync_NoNamespace_ListsAcrossAllNamespaces()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"a","namespace":"x"}},{"metadata":{"name":"b","namespace":"y"}}]}"""));
        using var client = FakeApi.Client(server);

        var page = await new ResourceClient<V1Pod>(client, BuiltInKinds.Pods).ListPageAsync(null, new ListRequest { Limit = null });

        Assert.Equal(["x/a", "y/b"], page.Items.Select(p => p.Metadata.NamespaceProperty + "/" + p.Metadata.Name));
        Assert.Equal("/api/v1/pods", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task ListPageAsync_ClusterScopedKindGivenANamespace_ListsTheClusterCollection()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{},"items":[]}"""));
        using var client = FakeApi.Client(server);

        await new ResourceClient<V1Node>(client, BuiltInKinds.Nodes).ListPageAsync("ignored", new ListRequest());

        Assert.Equal("/api/v1/nodes", FakeApi.SplitQuery(Assert.Single(server.Requests).Path).Path);
    }

    [Fact]
    public async Task ListPageAsync_GroupKind_ListsUnderApis()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{},"items":[]}"""));
        using var client = FakeApi.Client(server);

        await new ResourceClient<V1Lease>(client, BuiltInKinds.Leases).ListPageAsync("kube-node-lease", new ListRequest());

        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", FakeApi.SplitQuery(Assert.Single(server.Requests).Path).Path);
    }

    [Fact]
    public async Task ListPageAsync_AnswerWithoutItemsOrMetadata_GivesEmptyOnes()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"kind":"PodList","apiVersion":"v1"}"""));
        using var client = FakeApi.Client(server);

        var page = await new ResourceClient<V1Pod>(client, BuiltInKinds.Pods).ListPageAsync("ns", new ListRequest());

        Assert.Empty(page.Items);
        Assert.NotNull(page.Metadata);
        Assert.Null(page.Metadata.ContinueProperty);
    }

    [Fact]
    public async Task ListAllAsync_ThreePages_FollowsContinueAndKeepsTheFirstPagesResourceVersion()
    {
        string[] pages =
        [
            """{"metadata":{"resourceVersion":"100","continue":"token-1","remainingItemCount":3},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}""",
            """{"metadata":{"resourceVersion":"100","continue":"token-2"},"items":[{"metadata":{"name":"c"}},{"metadata":{"name":"d"}}]}""",
            """{"metadata":{"resourceVersion":"105"},"items":[{"metadata":{"name":"e"}}]}""",
        ];
        await using var server = await LoopbackHttpServer.StartAsync((_, n) => new CannedResponse(200, pages[n - 1]));
        using var client = FakeApi.Client(server);

        var all = await new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).ListAllAsync("ns", new ListRequest { LabelSelector = "app=web", Limit = 2, Continue = "stale" });

        Assert.Equal(["a", "b", "c", "d", "e"], all.Items.Select(c => c.Metadata.Name));
        Assert.Equal("100", all.Metadata.ResourceVersion);
        Assert.Null(all.Metadata.ContinueProperty);
        var queries = server.Requests.Select(r => FakeApi.SplitQuery(r.Path).Query).ToList();
        Assert.Equal([null, "token-1", "token-2"], queries.Select(q => q.GetValueOrDefault("continue")));
        Assert.All(queries, q => Assert.Equal(("app=web", "2"), (q["labelSelector"], q["limit"])));
    }

    [Fact]
    public async Task ListAllAsync_SinglePage_SendsOneRequest()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{"resourceVersion":"9","continue":""},"items":[{"metadata":{"name":"a"}}]}"""));
        using var client = FakeApi.Client(server);

        var all = await new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps).ListAllAsync("ns");

        Assert.Equal(["a"], all.Items.Select(c => c.Metadata.Name));
        Assert.Equal("9", all.Metadata.ResourceVersion);
        Assert.Single(server.Requests);
    }
}
