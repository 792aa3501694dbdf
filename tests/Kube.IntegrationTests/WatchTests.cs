using System.Globalization;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

// The informer (ResourceWatcher over ResourceClient on the official client) against a real API
// server that is killed, restarted and compacted under it.
[Collection(ControlPlaneGroup.Name)]
public sealed class WatchTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    // Namespaces get a kube-root-ca.crt ConfigMap from the controller-manager: watch ours only.
    private static readonly ResourceWatcherOptions FastRetry = new()
    {
        LabelSelector = "suite=watch",
        InitialBackoff = TimeSpan.FromMilliseconds(200),
        MaxBackoff = TimeSpan.FromSeconds(2),
    };

    private readonly Kubernetes _client = fixture.Client;

    [Fact]
    public async Task Watch_BurstOf200Writes_SeesEveryEventInOrder()
    {
        await using var ns = await fixture.CreateNamespaceAsync("burst");
        await using var recorder = new WatchRecorder<V1ConfigMap>(ConfigMapWatcher(ns.Name));
        await recorder.Watcher.Synced.WaitAsync(EventTimeout);

        for (var i = 0; i < 200; i++)
        {
            await CreateAsync(ns.Name, i);
        }

        var events = await recorder.WaitForCountAsync(200, EventTimeout);
        Assert.Equal(Enumerable.Range(0, 200).Select(Name), events.Select(e => e.Object.Metadata.Name));
        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
        await AssertNoMoreEventsAsync(recorder, 200);
    }

    [Fact]
    public async Task Watch_ApiServerKilledAndRestarted_LosesAndRepeatsNothing()
    {
        await using var ns = await fixture.CreateNamespaceAsync("restart");
        await using var recorder = new WatchRecorder<V1ConfigMap>(ConfigMapWatcher(ns.Name));
        await recorder.Watcher.Synced.WaitAsync(EventTimeout);

        for (var i = 0; i < 100; i++)
        {
            await CreateAsync(ns.Name, i);
        }

        await recorder.WaitForCountAsync(100, EventTimeout);
        await fixture.Cluster.WithApiServerKilledAsync(() => Task.CompletedTask);

        for (var i = 100; i < 200; i++)
        {
            await CreateAsync(ns.Name, i);
        }

        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"changed":"yes"}}""", V1Patch.PatchType.MergePatch), Name(5), ns.Name);

        var events = await recorder.WaitForCountAsync(201, EventTimeout);
        Assert.Equal(Enumerable.Range(0, 200).Select(Name), events.Where(e => e.Type == WatchEventType.Added).Select(e => e.Object.Metadata.Name));
        var modified = Assert.Single(events, e => e.Type == WatchEventType.Modified);
        Assert.Equal(Name(5), modified.Object.Metadata.Name);
        Assert.Equal("yes", modified.Object.Data["changed"]);
        Assert.True(recorder.Watcher.WatchCount >= 2, "the watcher reconnected");
        await AssertNoMoreEventsAsync(recorder, 201);
    }

    [Fact]
    public async Task Watch_ResourceVersionCompactedAway_RelistsAndReportsOnlyTheChanges()
    {
        await using var ns = await fixture.CreateNamespaceAsync("compact");
        await using var elsewhere = await fixture.CreateNamespaceAsync("compact-other");

        // The watcher's clock is manual: once the API server is gone it parks in its retry
        // backoff until the test moves time on, so the world can change behind its back.
        var clock = new ManualTimeProvider();
        var watcher = new ResourceWatcher<V1ConfigMap>(new ResourceClient<V1ConfigMap>(_client, BuiltInKinds.ConfigMaps), ns.Name, FastRetry, clock);
        await using var recorder = new WatchRecorder<V1ConfigMap>(watcher);
        await watcher.Synced.WaitAsync(EventTimeout);
        foreach (var i in new[] { 1, 2, 3 })
        {
            await CreateAsync(ns.Name, i);
        }

        await recorder.WaitForCountAsync(3, EventTimeout);
        await CreateAsync(elsewhere.Name, 99); // moves the global revision on
        await fixture.Cluster.WithApiServerKilledAsync(async () =>
        {
            await Eventually.TrueAsync(() => Task.FromResult(watcher.LastError is not null), EventTimeout, "the watcher to notice the API server is gone");
            await fixture.Cluster.CompactAsync();
        });
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"v":"2"}}""", V1Patch.PatchType.MergePatch), Name(1), ns.Name);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync(Name(2), ns.Name);
        await CreateAsync(ns.Name, 4);
        Assert.Equal(3, recorder.Events.Count);
        var listsBefore = watcher.ListCount;

        clock.Advance(TimeSpan.FromMinutes(1)); // ends the backoff: it resumes from its old version
        var events = (await recorder.WaitForCountAsync(6, EventTimeout)).Skip(3).ToList();
        Assert.Equal(listsBefore + 1, watcher.ListCount);
        Assert.Equal(
            [(WatchEventType.Modified, Name(1)), (WatchEventType.Added, Name(4)), (WatchEventType.Deleted, Name(2))],
            events.Select(e => (e.Type, e.Object.Metadata.Name)));
        Assert.Equal("2", events[0].Object.Data["v"]);
        await AssertNoMoreEventsAsync(recorder, 6);
    }

    [Fact]
    public async Task Watch_PodsOverTheCoreGroup_SeesAddedModifiedAndDeleted()
    {
        await using var ns = await fixture.CreateNamespaceAsync("pods", waitForServiceAccount: true);
        var watcher = new ResourceWatcher<V1Pod>(new ResourceClient<V1Pod>(_client, BuiltInKinds.Pods), ns.Name, FastRetry);
        await using var recorder = new WatchRecorder<V1Pod>(watcher);
        await watcher.Synced.WaitAsync(EventTimeout);

        await _client.CoreV1.CreateNamespacedPodAsync(Builders.Pod(ns.Name, "p1", new() { ["suite"] = "watch" }), ns.Name);
        await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Running","podIP":"10.244.0.9"}}""", V1Patch.PatchType.MergePatch), "p1", ns.Name);
        await _client.CoreV1.DeleteNamespacedPodAsync("p1", ns.Name, new V1DeleteOptions { GracePeriodSeconds = 0 });

        await Eventually.TrueAsync(() => Task.FromResult(recorder.Events.Any(e => e.Type == WatchEventType.Deleted)), EventTimeout, "the pod's deletion");
        var events = recorder.Events;
        Assert.Equal(WatchEventType.Added, events[0].Type);
        Assert.Equal(WatchEventType.Deleted, events[^1].Type);
        Assert.Contains(events, e => e.Type == WatchEventType.Modified && e.Object.Status?.Phase == "Running" && e.Object.Status.PodIP == "10.244.0.9");
        Assert.All(events, e => Assert.Equal("p1", e.Object.Metadata.Name));
        Assert.Null(watcher.LastError);
    }

    [Fact]
    public async Task Watch_ConfigMapsAcrossAllNamespaces_SeesEachNamespacesObjects()
    {
        await using var a = await fixture.CreateNamespaceAsync("all-a");
        await using var b = await fixture.CreateNamespaceAsync("all-b");
        var options = FastRetry with { LabelSelector = $"suite=watch,run={a.Name}" };
        await using var recorder = new WatchRecorder<V1ConfigMap>(new ResourceWatcher<V1ConfigMap>(new ResourceClient<V1ConfigMap>(_client, BuiltInKinds.ConfigMaps), null, options));
        await recorder.Watcher.Synced.WaitAsync(EventTimeout);

        foreach (var ns in new[] { a.Name, b.Name })
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Builders.Meta(ns, "shared", new() { ["suite"] = "watch", ["run"] = a.Name }) }, ns);
        }

        var events = await recorder.WaitForCountAsync(2, EventTimeout);
        Assert.Equal([a.Name, b.Name], events.Select(e => e.Object.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        await AssertNoMoreEventsAsync(recorder, 2);
    }

    [Fact]
    public async Task ResourceClientWatch_FromAListsVersion_StreamsLaterWritesWithBookmarksAllowed()
    {
        await using var ns = await fixture.CreateNamespaceAsync("stream");
        var configMaps = new ResourceClient<V1ConfigMap>(_client, BuiltInKinds.ConfigMaps);
        var list = await configMaps.ListAllAsync(ns.Name, new ListRequest { LabelSelector = "suite=watch" });
        await CreateAsync(ns.Name, 1);
        await CreateAsync(ns.Name, 2);

        var seen = new List<WatchEvent<V1ConfigMap>>();
        using var timeout = new CancellationTokenSource(EventTimeout);
        await foreach (var change in configMaps.WatchAsync(ns.Name, new WatchRequest { ResourceVersion = list.Metadata.ResourceVersion, LabelSelector = "suite=watch", TimeoutSeconds = 3 }, timeout.Token))
        {
            seen.Add(change);
        }

        // The server ends the stream at timeoutSeconds; a bookmark may come before that.
        Assert.Equal([Name(1), Name(2)], seen.Where(e => e.Type == WatchEventType.Added).Select(e => e.Object.Metadata.Name));
        Assert.All(seen.Where(e => e.Type == WatchEventType.Bookmark), e => Assert.False(string.IsNullOrEmpty(e.Object.Metadata.ResourceVersion)));
    }

    [Fact]
    public async Task Watch_CustomResources_KhChecksOfOurCrd()
    {
        await RepoCrds.ApplyAsync(_client);
        await using var ns = await fixture.CreateNamespaceAsync("khchecks");
        var khchecks = new ResourceClient<CustomObject>(_client, RepoCrds.KhChecks);
        var watcher = new ResourceWatcher<CustomObject>(khchecks, ns.Name, FastRetry with { LabelSelector = null });
        await using var recorder = new WatchRecorder<CustomObject>(watcher);
        await watcher.Synced.WaitAsync(EventTimeout);

        await khchecks.CreateAsync(new CustomObject
        {
            Metadata = new V1ObjectMeta { Name = "dns", NamespaceProperty = ns.Name },
            Spec = System.Text.Json.Nodes.JsonNode.Parse("""{"runInterval":"2m","timeout":"1m","podSpec":{"containers":[{"name":"c","image":"dns-check"}]}}""")!.AsObject(),
        });
        await khchecks.PatchAsync(ns.Name, "dns", new V1Patch("""{"spec":{"runInterval":"5m"}}""", V1Patch.PatchType.MergePatch));
        await khchecks.DeleteAsync(ns.Name, "dns");

        var events = await recorder.WaitForCountAsync(3, EventTimeout);
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(("2m", "5m"), ((string?)events[0].Object.Spec!["runInterval"], (string?)events[1].Object.Spec!["runInterval"]));
        Assert.Equal(("comcast.github.io/v1", "KuberhealthyCheck"), (events[0].Object.ApiVersion, events[0].Object.Kind));
        await AssertNoMoreEventsAsync(recorder, 3);
    }

    private ResourceWatcher<V1ConfigMap> ConfigMapWatcher(string @namespace) =>
        new(new ResourceClient<V1ConfigMap>(_client, BuiltInKinds.ConfigMaps), @namespace, FastRetry);

    private static async Task AssertNoMoreEventsAsync<T>(WatchRecorder<T> recorder, int expected)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(expected, recorder.Events.Count);
    }

    private Task<V1ConfigMap> CreateAsync(string @namespace, int i) => _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
    {
        Metadata = Builders.Meta(@namespace, Name(i), new() { ["suite"] = "watch" }),
        Data = new Dictionary<string, string> { ["i"] = i.ToString(CultureInfo.InvariantCulture) },
    }, @namespace);

    private static string Name(int i) => $"cm-{i:D3}";
}
