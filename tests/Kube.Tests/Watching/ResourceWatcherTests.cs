using System.Diagnostics;
using System.Net;
using HealthChecks.Kube.Configuration;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Watching;

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
        using var client = new KubeApiClient(new KubeClientConfiguration { Server = new Uri("http://127.0.0.1:1") });
        var options = Fast with { ServerTimeout = TimeSpan.FromSeconds(10), IdleTimeout = TimeSpan.FromSeconds(10) };

        var error = Assert.Throws<ArgumentException>(() => new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, "ns", options));

        Assert.Contains("IdleTimeout must exceed ServerTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_InitialList_EmitsAddedForEachItemThenSyncedAndWatchesFromListVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        using var client = server.CreateClient();
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);

        var first = await pump.NextAsync(timeout.Token);
        var second = await pump.NextAsync(timeout.Token);
        await watcher.Synced.WaitAsync(timeout.Token);
        var call = await server.NextWatchAsync(timeout.Token);

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Added, "b")], [Describe(first), Describe(second)]);
        Assert.Equal("10", call.ResourceVersion);
        Assert.Equal(("true", "true", "290"), (call.Query["watch"], call.Query["allowWatchBookmarks"], call.Query["timeoutSeconds"]));
        Assert.Equal((1, 1), (watcher.ListCount, server.ListRequests));
    }

    [Fact]
    public async Task WatchAsync_WatchEvents_PassThroughInOrderAndAdvanceResourceVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        using var client = server.CreateClient();
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, Fast);
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
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, Fast);
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
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, options);
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
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, Fast);
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
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, Fast);
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
    }

    [Fact]
    public async Task WatchAsync_SilentStream_WatchdogReconnectsFromSameVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var server = await FakeConfigMapServer.StartAsync();
        server.SetList("10", ConfigMap("a", "5"));
        using var client = server.CreateClient();
        var options = Fast with { ServerTimeout = TimeSpan.FromSeconds(1), IdleTimeout = TimeSpan.FromSeconds(1.5) };
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, options);
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
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);

        var failed = await server.NextWatchAsync(timeout.Token);
        var retried = await server.NextWatchAsync(timeout.Token);

        Assert.Equal(("10", "10"), (failed.ResourceVersion, retried.ResourceVersion));
        var error = Assert.IsType<KubeApiException>(watcher.LastError);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("injected failure", error.Message, StringComparison.Ordinal);
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
        var watcher = new ResourceWatcher<V1ConfigMap>(client, KubeResources.ConfigMaps, FakeConfigMapServer.Namespace, Fast);
        await using var pump = new WatcherPump(watcher, timeout.Token);

        var added = await pump.NextAsync(timeout.Token);
        await watcher.Synced.WaitAsync(timeout.Token);

        Assert.Equal((WatchEventType.Added, "a"), Describe(added));
        Assert.Equal((1, 2), (watcher.ListCount, server.ListRequests));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, Assert.IsType<KubeApiException>(watcher.LastError).StatusCode);
    }

    private static V1ConfigMap ConfigMap(string name, string resourceVersion) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = FakeConfigMapServer.Namespace, ResourceVersion = resourceVersion },
        Data = new Dictionary<string, string> { ["version"] = resourceVersion },
    };

    private static (WatchEventType, string?) Describe(WatchEvent<V1ConfigMap> change) => (change.Type, change.Object.Metadata.Name);
}
