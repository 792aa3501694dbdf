using System.Text.Json.Nodes;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.IntegrationTests;

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

    private readonly KubeApiClient _client = fixture.Client;

    [Fact]
    public async Task Watch_BurstOf200Writes_SeesEveryEventInOrder()
    {
        await using var ns = await fixture.CreateNamespaceAsync("burst");
        await using var recorder = new WatchRecorder<V1ConfigMap>(new ResourceWatcher<V1ConfigMap>(_client, KubeResources.ConfigMaps, ns.Name, FastRetry));
        await recorder.Watcher.Synced.WaitAsync(EventTimeout);

        for (var i = 0; i < 200; i++)
        {
            await _client.CreateAsync(KubeResources.ConfigMaps, ConfigMap(ns.Name, i));
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
        await using var recorder = new WatchRecorder<V1ConfigMap>(new ResourceWatcher<V1ConfigMap>(_client, KubeResources.ConfigMaps, ns.Name, FastRetry));
        await recorder.Watcher.Synced.WaitAsync(EventTimeout);

        for (var i = 0; i < 100; i++)
        {
            await _client.CreateAsync(KubeResources.ConfigMaps, ConfigMap(ns.Name, i));
        }

        await recorder.WaitForCountAsync(100, EventTimeout);
        await fixture.Cluster.WithApiServerKilledAsync(() => Task.CompletedTask);

        for (var i = 100; i < 200; i++)
        {
            await _client.CreateAsync(KubeResources.ConfigMaps, ConfigMap(ns.Name, i));
        }

        await _client.PatchAsync(KubeResources.ConfigMaps, ns.Name, Name(5), new JsonObject { ["data"] = new JsonObject { ["changed"] = "yes" } });

        var events = await recorder.WaitForCountAsync(201, EventTimeout);
        Assert.Equal(Enumerable.Range(0, 200).Select(Name), events.Where(e => e.Type == WatchEventType.Added).Select(e => e.Object.Metadata.Name));
        var modified = Assert.Single(events, e => e.Type == WatchEventType.Modified);
        Assert.Equal(Name(5), modified.Object.Metadata.Name);
        Assert.Equal("yes", modified.Object.Data!["changed"]);
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
        var watcher = new ResourceWatcher<V1ConfigMap>(_client, KubeResources.ConfigMaps, ns.Name, FastRetry, clock);
        await using var recorder = new WatchRecorder<V1ConfigMap>(watcher);
        await watcher.Synced.WaitAsync(EventTimeout);
        foreach (var i in new[] { 1, 2, 3 })
        {
            await _client.CreateAsync(KubeResources.ConfigMaps, ConfigMap(ns.Name, i));
        }

        await recorder.WaitForCountAsync(3, EventTimeout);
        await _client.CreateAsync(KubeResources.ConfigMaps, ConfigMap(elsewhere.Name, 99)); // moves the global revision on
        await fixture.Cluster.WithApiServerKilledAsync(async () =>
        {
            await Eventually.TrueAsync(() => Task.FromResult(watcher.LastError is not null), EventTimeout, "the watcher to notice the API server is gone");
            await fixture.Cluster.CompactAsync();
        });
        await _client.PatchAsync(KubeResources.ConfigMaps, ns.Name, Name(1), new JsonObject { ["data"] = new JsonObject { ["v"] = "2" } });
        await _client.DeleteAsync(KubeResources.ConfigMaps, ns.Name, Name(2));
        await _client.CreateAsync(KubeResources.ConfigMaps, ConfigMap(ns.Name, 4));
        Assert.Equal(3, recorder.Events.Count);
        var listsBefore = watcher.ListCount;

        clock.Advance(TimeSpan.FromMinutes(1)); // ends the backoff: it resumes from its old version
        var events = (await recorder.WaitForCountAsync(6, EventTimeout)).Skip(3).ToList();
        Assert.Equal(listsBefore + 1, watcher.ListCount);
        Assert.Equal(
            [(WatchEventType.Modified, Name(1)), (WatchEventType.Added, Name(4)), (WatchEventType.Deleted, Name(2))],
            events.Select(e => (e.Type, e.Object.Metadata.Name!)));
        await AssertNoMoreEventsAsync(recorder, 6);
    }

    private static async Task AssertNoMoreEventsAsync(WatchRecorder<V1ConfigMap> recorder, int expected)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(expected, recorder.Events.Count);
    }

    private static string Name(int i) => $"cm-{i:D3}";

    private static V1ConfigMap ConfigMap(string @namespace, int i) => new()
    {
        Metadata = new V1ObjectMeta { Name = Name(i), NamespaceProperty = @namespace, Labels = new() { ["suite"] = "watch" } },
        Data = new() { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };
}
