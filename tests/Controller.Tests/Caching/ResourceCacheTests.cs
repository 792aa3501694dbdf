using HealthChecks.Controller.Caching;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Controller.Tests.Caching;

public sealed class ResourceCacheTests
{
    private static V1ConfigMap Map(string name, string version) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", ResourceVersion = version } };

    private static ResourceCache<V1ConfigMap> Cache(ManualTimeProvider time) => new("configmaps", time, NullLogger.Instance);

    [Fact]
    public void Remember_AnOlderCopyThanTheCached_IsIgnored()
    {
        var cache = Cache(new ManualTimeProvider());
        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Added, Map("a", "10")));

        cache.Remember(Map("a", "9"));

        Assert.Equal("10", cache.Get("ns", "a")?.Metadata.ResourceVersion);
    }

    [Fact]
    public void Remember_AWriteThatTrailsTheDelete_DoesNotBringTheObjectBack()
    {
        var cache = Cache(new ManualTimeProvider());
        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Added, Map("a", "10")));
        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Deleted, Map("a", "12")));

        cache.Remember(Map("a", "11")); // written before the delete, its answer arrived after

        Assert.Null(cache.Get("ns", "a"));
        Assert.Equal(1, cache.TombstoneCount);
    }

    [Fact]
    public void Apply_ObjectMadeAnewAfterItsDelete_IsBackAndItsTombstoneGone()
    {
        var cache = Cache(new ManualTimeProvider());
        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Deleted, Map("a", "12")));

        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Added, Map("a", "20")));
        cache.Remember(Map("a", "21"));

        Assert.Equal("21", cache.Get("ns", "a")?.Metadata.ResourceVersion);
        Assert.Equal(0, cache.TombstoneCount);
    }

    [Fact]
    public void ApplyList_RemembersWhatTheListLacks_DropsItAndTellsSubscribers()
    {
        var cache = Cache(new ManualTimeProvider());
        var deleted = new List<string>();
        cache.Changed += (type, map) =>
        {
            if (type == WatchEventType.Deleted)
            {
                deleted.Add(map.Metadata.Name);
            }
        };
        cache.Remember(Map("phantom", "15")); // written here, deleted before the watch ever saw it
        cache.Remember(Map("newer", "40"));   // written after the list was taken

        cache.ApplyList([Map("kept", "20")], "30");

        Assert.Null(cache.Get("ns", "phantom"));
        Assert.NotNull(cache.Get("ns", "newer"));
        Assert.Equal(["phantom"], deleted);
    }

    [Fact]
    public void Tombstones_ExpireAfterTheirLifetime()
    {
        var time = new ManualTimeProvider();
        var cache = Cache(time);
        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Deleted, Map("a", "12")));

        time.Advance(ResourceCache<V1ConfigMap>.TombstoneLifetime + TimeSpan.FromSeconds(1));
        cache.ApplyList([], "50");

        Assert.Equal(0, cache.TombstoneCount);
    }

    [Fact]
    public void Apply_ASubscriberThatThrows_DoesNotStopTheCache()
    {
        var cache = Cache(new ManualTimeProvider());
        cache.Changed += (_, _) => throw new InvalidOperationException("a bug in a subscriber");

        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Added, Map("a", "1")));
        cache.Apply(new WatchEvent<V1ConfigMap>(WatchEventType.Added, Map("b", "2")));

        Assert.Equal(2, cache.Count);
    }
}
