using System.Net;
using System.Text.Json;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Resources;

// One watch request: the server writes its lines and ends the response, as the API server does at
// timeoutSeconds and after an ERROR event.
public class ResourceClientWatchTests
{
    private const string Expired = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (90)","reason":"Expired","code":410}}""";

    private const string Bookmark = """{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"977","creationTimestamp":null}}}""";

    private static readonly WatchRequest From10 = new() { ResourceVersion = "10", TimeoutSeconds = 290 };

    [Fact]
    public async Task WatchAsync_NamespacedCoreKind_WatchesApiV1WithBookmarksFromTheVersion()
    {
        await using var server = await Stream(Bookmark);
        using var client = FakeApi.Client(server);

        await WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10 with { LabelSelector = "app=web", FieldSelector = "metadata.name=a" });

        var (path, query) = FakeApi.SplitQuery(Assert.Single(server.Requests).Path);
        Assert.Equal("/api/v1/namespaces/ns/configmaps", path);
        Assert.Equal(
            ("true", "true", "10", "290", "app=web", "metadata.name=a"),
            (query["watch"], query["allowWatchBookmarks"], query["resourceVersion"], query["timeoutSeconds"], query["labelSelector"], query["fieldSelector"]));
    }

    [Fact]
    public async Task WatchAsync_NoNamespace_WatchesAllNamespaces()
    {
        await using var server = await Stream(Bookmark);
        using var client = FakeApi.Client(server);

        await WatchAllAsync(new ResourceClient<V1Pod>(client, BuiltInKinds.Pods), null, From10);

        Assert.Equal("/api/v1/pods", FakeApi.SplitQuery(Assert.Single(server.Requests).Path).Path);
    }

    [Fact]
    public async Task WatchAsync_ClusterScopedGroupKind_WatchesUnderApis()
    {
        var crds = new ResourceKind("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false);
        await using var server = await Stream(Bookmark);
        using var client = FakeApi.Client(server);

        await WatchAllAsync(new ResourceClient<V1CustomResourceDefinition>(client, crds), "ignored", From10);

        Assert.Equal("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", FakeApi.SplitQuery(Assert.Single(server.Requests).Path).Path);
    }

    [Fact]
    public async Task WatchAsync_ObjectEvents_ComeThroughInOrderAsTypedObjects()
    {
        await using var server = await Stream(
            Event("ADDED", "a", "11"),
            Event("MODIFIED", "a", "12"),
            Event("DELETED", "a", "13"));
        using var client = FakeApi.Client(server);

        var events = await WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10);

        Assert.Equal(
            [(WatchEventType.Added, "11"), (WatchEventType.Modified, "12"), (WatchEventType.Deleted, "13")],
            events.Select(e => (e.Type, e.Object.Metadata.ResourceVersion)));
        Assert.All(events, e => Assert.Equal(e.Object.Metadata.ResourceVersion, e.Object.Data["version"]));
    }

    [Fact]
    public async Task WatchAsync_CustomResource_DecodesTheSpec()
    {
        await using var server = await Stream("""{"type":"ADDED","object":{"apiVersion":"comcast.github.io/v1","kind":"KuberhealthyCheck","metadata":{"name":"dns","namespace":"ns","resourceVersion":"11"},"spec":{"runInterval":"2m","podSpec":{"containers":[{"name":"c"}]}}}}""");
        using var client = FakeApi.Client(server);
        var khchecks = new ResourceKind("comcast.github.io", "v1", "khchecks", "KuberhealthyCheck", Namespaced: true);

        var change = Assert.Single(await WatchAllAsync(new ResourceClient<KhCheck>(client, khchecks), "ns", From10));

        Assert.Equal(WatchEventType.Added, change.Type);
        Assert.Equal(("dns", "2m", "c"), (change.Object.Metadata.Name, (string?)change.Object.Spec?["runInterval"], (string?)change.Object.Spec?["podSpec"]?["containers"]?[0]?["name"]));
        Assert.Equal("/apis/comcast.github.io/v1/namespaces/ns/khchecks", FakeApi.SplitQuery(Assert.Single(server.Requests).Path).Path);
    }

    [Fact]
    public async Task WatchAsync_Bookmark_ComesThroughAsABookmarkWithOnlyTheVersion()
    {
        await using var server = await Stream(Bookmark);
        using var client = FakeApi.Client(server);

        var change = Assert.Single(await WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10));

        Assert.Equal(WatchEventType.Bookmark, change.Type);
        Assert.Equal("977", change.Object.Metadata.ResourceVersion);
        Assert.Null(change.Object.Metadata.Name);
    }

    [Fact]
    public async Task WatchAsync_Error410_ThrowsAnExceptionThatIsGoneAfterTheEventsBeforeIt()
    {
        await using var server = await Stream(Event("ADDED", "a", "11"), Expired);
        using var client = FakeApi.Client(server);
        var seen = new List<WatchEvent<V1ConfigMap>>();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10, seen));

        Assert.True(error.IsGone(), error.ToString());
        Assert.Equal(HttpStatusCode.Gone, error.ApiStatusCode());
        Assert.Equal("410 Expired: too old resource version: 5 (90)", error.Describe());
        Assert.Equal(["a"], seen.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task WatchAsync_ErrorFollowedByMoreLines_YieldsNothingAfterTheError()
    {
        // The library reports an ERROR event to its callback and reads on: what follows must not
        // reach a caller that would then resume from a version after the gap.
        await using var server = await Stream(Event("ADDED", "a", "11"), Expired, Event("ADDED", "b", "95"));
        using var client = FakeApi.Client(server);
        var seen = new List<WatchEvent<V1ConfigMap>>();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10, seen));

        Assert.True(error.IsGone());
        Assert.Equal(["a"], seen.Select(e => e.Object.Metadata.Name));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"ADDED","object":""")]
    [InlineData("""{"type":"RENAMED","object":{"metadata":{"name":"x"}}}""")]
    public async Task WatchAsync_LineThatCannotBeDecoded_Throws(string line)
    {
        await using var server = await Stream(Event("ADDED", "a", "11"), line);
        using var client = FakeApi.Client(server);
        var seen = new List<WatchEvent<V1ConfigMap>>();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10, seen));

        Assert.IsAssignableFrom<JsonException>(error);
        Assert.False(error.IsGone());
        Assert.Equal(["a"], seen.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task WatchAsync_ObjectThatDoesNotFitTheType_Throws()
    {
        // A khcheck whose spec the typed model cannot hold must fail the watch, not vanish.
        await using var server = await Stream("""{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":["not","a","map"]}}""");
        using var client = FakeApi.Client(server);

        await Assert.ThrowsAnyAsync<JsonException>(() => WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10));
    }

    [Fact]
    public async Task WatchAsync_Forbidden_ThrowsTheHttpError()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.Forbidden, "Forbidden", "configmaps is forbidden: User \"nobody\" cannot watch resource \"configmaps\""));
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10));

        Assert.True(error.IsForbidden());
    }

    [Fact]
    public async Task WatchAsync_StreamEndsCleanly_EndsWithoutError()
    {
        await using var server = await Stream(Event("ADDED", "a", "11"));
        using var client = FakeApi.Client(server);

        var events = await WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10);

        Assert.Single(events);
    }

    // The library reads the first line before it returns the response, and a body without any line
    // fails there with HttpRequestException (inner EndOfStreamException). The API server ends a quiet
    // watch that way at timeoutSeconds; ResourceClient ends such a stream like any other close.
    [Fact]
    public async Task WatchAsync_StreamClosedWithoutAnyLine_EndsWithoutError()
    {
        await using var server = await Stream();
        using var client = FakeApi.Client(server);

        var events = await WatchAllAsync(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", From10);

        Assert.Empty(events);
    }

    private static Task<LoopbackHttpServer> Stream(params string[] lines) =>
        LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, string.Concat(lines.Select(line => line + "\n"))));

    private static string Event(string type, string name, string resourceVersion)
    {
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", ResourceVersion = resourceVersion },
            Data = new Dictionary<string, string> { ["version"] = resourceVersion },
        };
        return $$"""{"type":"{{type}}","object":{{KubernetesJson.Serialize(configMap)}}}""";
    }

    private static async Task<List<WatchEvent<T>>> WatchAllAsync<T>(ResourceClient<T> source, string? @namespace, WatchRequest request, List<WatchEvent<T>>? seen = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        seen ??= [];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var change in source.WatchAsync(@namespace, request, timeout.Token))
        {
            seen.Add(change);
        }

        return seen;
    }
}
