using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Watching;

public class ResourceWatcherTests
{
    private static readonly ResourceWatcherOptions Fast = new()
    {
        ServerTimeout = TimeSpan.FromSeconds(290),
        IdleTimeout = TimeSpan.FromSeconds(330),
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public void Constructor_IdleTimeoutNotAboveServerTimeout_Throws()
    {
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var options = Fast with { ServerTimeout = TimeSpan.FromSeconds(10), IdleTimeout = TimeSpan.FromSeconds(10) };

        var error = Assert.Throws<ArgumentException>(() => new ResourceWatcher<V1ConfigMap>(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), "ns", options));

        Assert.Contains("IdleTimeout must exceed ServerTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_InitialList_EmitsAddedForEachItemThenSyncedAndWatchesFromListVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);

        var first = await pump.NextAsync(timeout.Token);
        var second = await pump.NextAsync(timeout.Token);
        await watcher.Synced.WaitAsync(timeout.Token);
        var call = await server.NextWatchAsync(timeout.Token);

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Added, "b")], [Describe(first), Describe(second)]);
        Assert.Equal("10", call.ResourceVersion);
        Assert.Equal(FakeConfigMapServer.CollectionPath, call.Path);
        var list = Assert.Single(server.Lists);
        Assert.StartsWith(FakeConfigMapServer.CollectionPath + "?", list, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=0", list, StringComparison.Ordinal); // from the API server's watch cache
        Assert.DoesNotContain("limit=", list, StringComparison.Ordinal); // which does not page
        Assert.Equal(("true", "true", "290"), (call.Query["watch"], call.Query["allowWatchBookmarks"], call.Query["timeoutSeconds"]));
        Assert.Equal((1, 1), (watcher.ListCount, server.ListRequests));
    }

    [Fact]
    public async Task WatchAsync_ListedAndWatchedObjects_ComeOutWithoutManagedFields()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", WithManagedFields(ConfigMap("a", "5")));
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var listed = await pump.NextAsync(timeout.Token);
        var call = await server.NextWatchAsync(timeout.Token);

        call.Send("MODIFIED", WithManagedFields(ConfigMap("a", "11")));
        var watched = await pump.NextAsync(timeout.Token);

        Assert.Equal(("5", "11"), (listed.Object.Metadata.ResourceVersion, watched.Object.Metadata.ResourceVersion));
        Assert.Null(listed.Object.Metadata.ManagedFields);
        Assert.Null(watched.Object.Metadata.ManagedFields);
    }

    [Fact]
    public async Task WatchAsync_WatchEvents_PassThroughInOrderAndAdvanceResourceVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var call = await server.NextWatchAsync(timeout.Token);
        await watcher.Synced.WaitAsync(timeout.Token);
        pump.Drain();

        call.Send("ADDED", ConfigMap("c", "11"));
        call.Send("MODIFIED", ConfigMap("a", "12"));
        call.Send("DELETED", ConfigMap("b", "13"));
        var changes = new[] { await pump.NextAsync(timeout.Token), await pump.NextAsync(timeout.Token), await pump.NextAsync(timeout.Token) };

        Assert.Equal(
            [(WatchEventType.Added, "c"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b")],
            changes.Select(Describe));
        Assert.Equal("13", watcher.ResourceVersion);
    }

    [Fact]
    public async Task WatchAsync_ServerClosesStream_ResumesFromLastEventWithoutListing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var first = await server.NextWatchAsync(timeout.Token);

        first.Send("MODIFIED", ConfigMap("a", "11"));
        first.Close();
        var second = await server.NextWatchAsync(timeout.Token);

        Assert.Equal("11", second.ResourceVersion);
        Assert.Equal((1, 2), (server.ListRequests, watcher.WatchCount));
    }

    [Fact]
    public async Task WatchAsync_StreamClosedAtOnceWithoutEvents_WaitsBeforeWatchingAgain()
    {
        // A proxy that ends every watch at once must not turn the watcher into a request flood
        // (client-go treats a watch shorter than 1 s with no events as an error and backs off).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var options = Fast with { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(1) };
        var watcher = Watcher(client, options);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var first = await server.NextWatchAsync(timeout.Token);

        var closed = Stopwatch.StartNew();
        first.Close();
        var second = await server.NextWatchAsync(timeout.Token);

        Assert.True(closed.Elapsed >= TimeSpan.FromMilliseconds(500), $"watched again {closed.Elapsed.TotalMilliseconds:F0} ms after an empty stream closed");
        Assert.Equal("10", second.ResourceVersion);
    }

    [Fact]
    public async Task WatchAsync_Bookmark_AdvancesResourceVersionWithoutEmitting()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var first = await server.NextWatchAsync(timeout.Token);
        await pump.NextAsync(timeout.Token);

        first.SendBookmark("20");
        first.Close();
        var second = await server.NextWatchAsync(timeout.Token);

        Assert.Equal("20", second.ResourceVersion);
        Assert.Empty(pump.Drain());
        Assert.Equal((1, 1), (watcher.BookmarkCount, server.ListRequests));
    }

    [Fact]
    public async Task WatchAsync_ExpiredError_RelistsAndEmitsOnlyTheDifference()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("same", "5"), ConfigMap("changed", "6"), ConfigMap("gone", "7"));
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var first = await server.NextWatchAsync(timeout.Token);
        await watcher.Synced.WaitAsync(timeout.Token);
        pump.Drain();

        server.SetList("30", ConfigMap("same", "5"), ConfigMap("changed", "25"), ConfigMap("new", "28"));
        first.SendExpired();
        var second = await server.NextWatchAsync(timeout.Token);

        Assert.Equal(
            [(WatchEventType.Modified, "changed"), (WatchEventType.Added, "new"), (WatchEventType.Deleted, "gone")],
            pump.Drain().Select(Describe));
        Assert.Equal("30", second.ResourceVersion);
        Assert.Equal((2, 2), (watcher.ListCount, server.ListRequests));
        // The version we had is gone from the API server's cache: this list reads etcd, paged.
        Assert.DoesNotContain("resourceVersion=", server.Lists[1], StringComparison.Ordinal);
        Assert.Contains("limit=500", server.Lists[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_SilentStream_WatchdogReconnectsFromSameVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var options = Fast with { ServerTimeout = TimeSpan.FromSeconds(1), IdleTimeout = TimeSpan.FromSeconds(1.5) };
        var watcher = Watcher(client, options);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var first = await server.NextWatchAsync(timeout.Token);

        var second = await server.NextWatchAsync(timeout.Token);

        Assert.Equal("1", first.Query["timeoutSeconds"]);
        Assert.Equal(("10", "10"), (first.ResourceVersion, second.ResourceVersion));
        Assert.Equal(1, watcher.IdleTimeoutCount);
        Assert.Null(watcher.LastError);
        Assert.Equal(1, server.ListRequests);
    }

    [Fact]
    public async Task WatchAsync_WatchAnswers500_BacksOffAndResumesFromSameVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        server.FailNextWatch(HttpStatusCode.InternalServerError);
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);

        var failed = await server.NextWatchAsync(timeout.Token);
        var retried = await server.NextWatchAsync(timeout.Token);

        Assert.Equal(("10", "10"), (failed.ResourceVersion, retried.ResourceVersion));
        var error = Assert.IsType<HttpOperationException>(watcher.LastError);
        Assert.Equal(HttpStatusCode.InternalServerError, error.ApiStatusCode());
        Assert.Equal("500 InternalError: injected failure", error.Describe());
        Assert.Equal(1, server.ListRequests);
    }

    [Fact]
    public async Task WatchAsync_ListAnswers500_BacksOffAndListsAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        server.FailNextList(HttpStatusCode.ServiceUnavailable);
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);

        var added = await pump.NextAsync(timeout.Token);
        await watcher.Synced.WaitAsync(timeout.Token);

        Assert.Equal((WatchEventType.Added, "a"), Describe(added));
        Assert.Equal((1, 2), (watcher.ListCount, server.ListRequests));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, Assert.IsType<HttpOperationException>(watcher.LastError).ApiStatusCode());
    }

    [Fact]
    public async Task WatchAsync_AllNamespaces_ListsAndWatchesTheClusterWidePathWithSelectors()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var options = Fast with { LabelSelector = "app in (web,api)", FieldSelector = "metadata.name!=skip", PageSize = 50 };
        var watcher = new ResourceWatcher<V1ConfigMap>(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), null, options);
        await using var pump = new WatcherPump(watcher, timeout.Token);

        var call = await server.NextWatchAsync(timeout.Token);

        Assert.Equal(FakeConfigMapServer.AllNamespacesPath, call.Path);
        Assert.Equal(("app in (web,api)", "metadata.name!=skip"), (call.Query["labelSelector"], call.Query["fieldSelector"]));
        var list = Assert.Single(server.Lists);
        Assert.StartsWith(FakeConfigMapServer.AllNamespacesPath + "?", list, StringComparison.Ordinal);
        Assert.Contains("labelSelector=app%20in%20%28web%2Capi%29", list, StringComparison.Ordinal);

        // The page size is for the relists that read etcd (the first list comes from the API server's cache, whole).
        call.SendExpired();
        await server.NextWatchAsync(timeout.Token);
        Assert.Contains("limit=50", server.Lists[1], StringComparison.Ordinal);
        Assert.Contains("labelSelector=app%20in%20%28web%2Capi%29", server.Lists[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_UndecodableLine_BacksOffAndResumesFromTheLastGoodVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var watcher = Watcher(client, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var first = await server.NextWatchAsync(timeout.Token);
        await watcher.Synced.WaitAsync(timeout.Token);
        pump.Drain();

        first.Send("MODIFIED", ConfigMap("a", "11"));
        first.SendRaw("this is not JSON");
        first.Send("MODIFIED", ConfigMap("a", "12")); // after the bad line: not trusted, seen again on resume
        var second = await server.NextWatchAsync(timeout.Token);

        Assert.Equal("11", second.ResourceVersion);
        Assert.Equal([(WatchEventType.Modified, "a")], pump.Drain().Select(Describe));
        Assert.IsAssignableFrom<JsonException>(watcher.LastError);
        Assert.Equal(1, server.ListRequests);
    }

    // A watch the server ends at timeoutSeconds without a single line fails inside the library
    // (see ResourceClientWatchTests.WatchAsync_StreamClosedWithoutAnyLine_EndsWithoutError); counted
    // as a failure it would grow the backoff while the resource stays quiet. It resumes at once.
    [Fact]
    public async Task WatchAsync_QuietWatchEndedByTheServerAtItsTimeout_ResumesAtOnceWithoutAFailure()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var clock = new ManualTimeProvider(); // a backoff would wait for this clock, which stays put
        var watcher = new ResourceWatcher<V1ConfigMap>(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), FakeConfigMapServer.Namespace, Fast, clock);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        var first = await server.NextWatchAsync(timeout.Token);

        clock.Advance(Fast.ServerTimeout);
        first.Close();
        WatchCall second;
        try
        {
            second = await server.NextWatchAsync(timeout.Token).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no watch followed the quiet one: the watcher is backing off after {watcher.LastError}");
            throw;
        }

        Assert.Equal("10", second.ResourceVersion);
        Assert.Null(watcher.LastError);
    }

    [Fact]
    public async Task WatchAsync_FailureAfterAWatchThatWasUp_BacksOffFromTheFirstStepAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        server.FailNextWatch(HttpStatusCode.InternalServerError);
        server.FailNextWatch(HttpStatusCode.InternalServerError);
        server.FailNextWatch(HttpStatusCode.InternalServerError);
        server.FailNextWatch(HttpStatusCode.InternalServerError);
        using var client = server.CreateClient();
        var clock = new ManualTimeProvider();
        var options = Fast with { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(16) };
        var watcher = new ResourceWatcher<V1ConfigMap>(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), FakeConfigMapServer.Namespace, options, clock);
        await using var pump = new WatcherPump(watcher, timeout.Token);
        await server.NextWatchAsync(timeout.Token);
        for (var failed = 1; failed < 4; failed++)
        {
            await NextWatchAdvancingAsync(server, clock, TimeSpan.FromSeconds(20), timeout.Token);
        }

        // Four failures in a row: the next wait would be 8 s or more. This watch stays up 2 s, then breaks.
        var (up, waitedBeforeIt) = await NextWatchAdvancingAsync(server, clock, TimeSpan.FromSeconds(20), timeout.Token);
        Assert.True(waitedBeforeIt >= TimeSpan.FromSeconds(4), $"the fifth watch came {waitedBeforeIt} after the fourth failure");
        clock.Advance(TimeSpan.FromSeconds(2));
        up.SendRaw("not json");
        var (_, waited) = await NextWatchAdvancingAsync(server, clock, TimeSpan.FromSeconds(20), timeout.Token);

        Assert.True(waited <= TimeSpan.FromSeconds(1.6), $"watched again {waited} after a watch that had been up 2 s failed");
    }

    // Moves the clock on in small steps until the watcher's next watch arrives; returns it and how far the clock moved.
    private static async Task<(WatchCall Call, TimeSpan Advanced)> NextWatchAdvancingAsync(FakeConfigMapServer server, ManualTimeProvider clock, TimeSpan limit, CancellationToken cancellationToken)
    {
        var advanced = TimeSpan.Zero;
        while (advanced <= limit)
        {
            using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            step.CancelAfter(TimeSpan.FromMilliseconds(50));
            try
            {
                return (await server.NextWatchAsync(step.Token), advanced);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var tick = TimeSpan.FromMilliseconds(100);
                clock.Advance(tick);
                advanced += tick;
            }
        }

        throw new TimeoutException($"no watch within {limit} of the test's clock");
    }

    private static ResourceWatcher<V1ConfigMap> Watcher(Kubernetes client, ResourceWatcherOptions options) =>
        new(new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps), FakeConfigMapServer.Namespace, options);

    private static V1ConfigMap ConfigMap(string name, string resourceVersion) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = FakeConfigMapServer.Namespace, ResourceVersion = resourceVersion },
        Data = new Dictionary<string, string> { ["version"] = resourceVersion },
    };

    private static V1ConfigMap WithManagedFields(V1ConfigMap map)
    {
        map.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl-create", Operation = "Update", FieldsType = "FieldsV1", FieldsV1 = JsonDocument.Parse("""{"f:data":{"f:version":{}}}""").RootElement }];
        return map;
    }

    private static (WatchEventType, string?) Describe(WatchEvent<V1ConfigMap> change) => (change.Type, change.Object.Metadata.Name);
}
