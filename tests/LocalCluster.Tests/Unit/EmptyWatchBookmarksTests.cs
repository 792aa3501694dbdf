using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.LocalCluster.Simulation;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

/// <summary>The simulator's client reads a watch that ended without any event as one bookmark (a loopback stand-in for the API server).</summary>
public sealed class EmptyWatchBookmarksTests
{
    private const string Added = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\",\"resourceVersion\":\"43\"}}}\n";

    [Fact]
    public async Task EmptyWatch_EndsWithABookmarkAtItsResourceVersion()
    {
        var events = await WatchAsync(body: "", new EmptyWatchBookmarks());
        var bookmark = Assert.Single(events);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Equal("42", bookmark.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task WatchWithEvents_IsLeftAlone()
    {
        var events = await WatchAsync(Added, new EmptyWatchBookmarks());
        var added = Assert.Single(events);
        Assert.Equal((WatchEventType.Added, "43"), (added.Type, added.Object.Metadata.ResourceVersion));
    }

    // What the handler is for: if this starts to pass without it, KubernetesClient ends empty watches itself; remove the handler.
    [Fact]
    public async Task EmptyWatch_WithoutTheHandler_FailsInTheClient() =>
        await Assert.ThrowsAsync<HttpRequestException>(() => WatchAsync(body: ""));

    [Theory]
    [InlineData("/api/v1/pods?watch=true&resourceVersion=42&timeoutSeconds=5", "42")]
    [InlineData("/api/v1/pods?resourceVersion=42", null)]
    [InlineData("/api/v1/pods?watch=true", null)]
    [InlineData("/api/v1/pods?watch=false&resourceVersion=42", null)]
    public void OnlyWatchesFromAResourceVersion_AreWrapped(string pathAndQuery, string? expected) =>
        Assert.Equal(expected, EmptyWatchBookmarks.WatchResourceVersion(new Uri(new Uri("https://127.0.0.1:6443"), pathAndQuery)));

    private static async Task<List<WatchEvent<V1Pod>>> WatchAsync(string body, params DelegatingHandler[] handlers)
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, body));
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.BaseUri.ToString() }, handlers);
        var events = new List<WatchEvent<V1Pod>>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var change in new ResourceClient<V1Pod>(client, BuiltInKinds.Pods).WatchAsync(null, new WatchRequest { ResourceVersion = "42" }, timeout.Token))
        {
            events.Add(change);
        }

        return events;
    }
}
