using System.Collections.Concurrent;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Caching;

/// <summary>
/// An in-memory copy of one kind, kept current by a single list+watch. Readers (status page,
/// report intake, the leader's reconciler) never call the API for what is here; subscribers hear
/// of every change. Objects handed out are the cached instances: never modify them.
/// </summary>
/// <remarks>
/// Besides the watch, this process's own writes are put in at once (<see cref="Remember"/>), so a
/// reader right after a write sees it. Two rules keep that from bringing back the dead: a deletion
/// leaves a tombstone, and a write no newer than the deletion is ignored; and every (re)list drops
/// what it proves gone, since an object remembered but never seen by the watch gets no DELETED.
/// </remarks>
public sealed partial class ResourceCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>How long a deletion is remembered: far longer than a write can trail its watch event.</summary>
    public static readonly TimeSpan TombstoneLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Namespace, string Name), T> _items = new();
    private readonly Dictionary<(string Namespace, string Name), (long Version, DateTimeOffset At)> _tombstones = [];
    private readonly Lock _gate = new();
    private readonly ResourceWatcher<T>? _watcher;
    private readonly ResourceClient<T>? _source;
    private readonly string? _namespace;
    private readonly ResourceWatcherOptions? _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ResourceCache(ResourceClient<T> source, string? @namespace, ResourceWatcherOptions options, TimeProvider time, ILogger logger)
        : this(source.Kind.Plural, time, logger)
    {
        _watcher = new ResourceWatcher<T>(source, @namespace, options, time, logger);
        _watcher.Relisted += ApplyList;
        _source = source;
        _namespace = @namespace;
        _options = options;
    }

    /// <summary>A cache fed by hand (<see cref="Apply"/>, <see cref="ApplyList"/>): for tests.</summary>
    internal ResourceCache(string name, TimeProvider time, ILogger logger)
    {
        Name = name;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// What to drop from each object before it is kept (in place): for kinds whose objects are
    /// many and read for a few fields only. Objects handed out are then the trimmed ones.
    /// </summary>
    public Action<T>? Trim { get; init; }

    /// <summary>Raised after the cache applied a change (on the watch loop: keep handlers short).</summary>
    public event Action<WatchEventType, T>? Changed;

    /// <summary>After any change of the cached copy, by a watch event or <see cref="Remember"/>: the object now cached, or null when it was deleted.</summary>
    public event Action<(string Namespace, string Name), T?>? Stored;

    public string Name { get; }

    /// <summary>Completes when the first list is in the cache.</summary>
    public Task Synced => _watcher?.Synced ?? Task.CompletedTask;

    public bool IsSynced => Synced.IsCompletedSuccessfully;

    public Exception? LastError => _watcher?.LastError;

    public int Count => _items.Count;

    /// <summary>Deletions remembered now (bounded by <see cref="TombstoneLifetime"/>).</summary>
    public int TombstoneCount
    {
        get
        {
            lock (_gate)
            {
                return _tombstones.Count;
            }
        }
    }

    public T? Get(string @namespace, string name) => _items.GetValueOrDefault((@namespace, name));

    public IReadOnlyCollection<T> Snapshot() => _items.Values.ToList();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_watcher is null)
        {
            return;
        }

        await foreach (var change in _watcher.WatchAsync(cancellationToken))
        {
            Apply(change);
        }
    }

    /// <summary>
    /// Lists again and puts every object in, also one whose resourceVersion the cache already has:
    /// when a CRD's schema changes, the API server returns an unchanged object differently (fields
    /// it pruned come back), and neither a watch event nor the watcher's relist, which compares
    /// resourceVersions, says so.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (_source is null || _options is null)
        {
            return;
        }

        var list = await _source.ListAllAsync(_namespace, new ListRequest { LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector, Limit = _options.PageSize }, cancellationToken);
        foreach (var item in list.Items)
        {
            Apply(new WatchEvent<T>(WatchEventType.Modified, item));
        }

        ApplyList(list.Items.ToList(), list.Metadata.ResourceVersion);
    }

    /// <summary>Applies one watch event.</summary>
    internal void Apply(WatchEvent<T> change)
    {
        Keep(change.Object);
        var key = KeyOf(change.Object);
        T? stored;
        lock (_gate)
        {
            if (change.Type == WatchEventType.Deleted)
            {
                _items.TryRemove(key, out _);
                Bury(key, change.Object);
                stored = null;
            }
            else
            {
                // The object exists (again, if it was deleted and made anew): its tombstone no longer applies.
                _tombstones.Remove(key);

                // A watch event can trail a write this process already remembered.
                stored = _items.AddOrUpdate(key, change.Object, (_, cached) => IsNewer(change.Object, cached) ? change.Object : cached);
            }
        }

        Raise(() => Stored?.Invoke(key, stored));
        Raise(() => Changed?.Invoke(change.Type, change.Object));
    }

    /// <summary>
    /// Puts an object this process just wrote into the cache before its watch event arrives; an
    /// older copy never replaces a newer one, and a copy no newer than a deletion seen is ignored.
    /// </summary>
    public void Remember(T written)
    {
        Keep(written);
        var key = KeyOf(written);
        T stored;
        lock (_gate)
        {
            if (_tombstones.TryGetValue(key, out var tomb) && Version(written) is { } version && version <= tomb.Version)
            {
                return;
            }

            stored = _items.AddOrUpdate(key, written, (_, cached) => IsNewer(written, cached) ? written : cached);
        }

        Raise(() => Stored?.Invoke(key, stored));
    }

    // The one place that decides what of an object is kept, whichever way it came in (watch, list, our own write).
    private void Keep(T obj)
    {
        ManagedFields.Strip(obj);
        Trim?.Invoke(obj);
    }

    /// <summary>
    /// A full list at <paramref name="resourceVersion"/>: what the cache holds that the list lacks and
    /// that is not newer than it is gone (deleted while this process did not watch it).
    /// </summary>
    internal void ApplyList(IReadOnlyCollection<T> listed, string? resourceVersion)
    {
        var present = listed.Select(KeyOf).ToHashSet();
        var listVersion = long.TryParse(resourceVersion, out var v) ? v : long.MaxValue;
        var gone = new List<T>();
        lock (_gate)
        {
            foreach (var (key, cached) in _items)
            {
                if (!present.Contains(key) && (Version(cached) ?? 0) <= listVersion && _items.TryRemove(key, out _))
                {
                    Bury(key, cached);
                    gone.Add(cached);
                }
            }

            // Expired tombstones go here: lists come at least as often as the watch is replaced.
            var now = _time.GetUtcNow();
            foreach (var expired in _tombstones.Where(t => now - t.Value.At > TombstoneLifetime).Select(t => t.Key).ToList())
            {
                _tombstones.Remove(expired);
            }
        }

        foreach (var removed in gone)
        {
            var key = KeyOf(removed);
            Raise(() => Stored?.Invoke(key, null));
            Raise(() => Changed?.Invoke(WatchEventType.Deleted, removed));
        }
    }

    /// <summary>Called under the lock.</summary>
    private void Bury((string, string) key, T deleted) =>
        _tombstones[key] = (Version(deleted) ?? long.MaxValue, _time.GetUtcNow());

    /// <summary>
    /// A subscriber's bug must not end the watch loop: an exception here would stop the cache for
    /// good (and, before the first list is in, keep the controller from ever starting its work).
    /// </summary>
    private void Raise(Action handlers)
    {
        try
        {
            handlers();
        }
        catch (Exception ex)
        {
            Log.SubscriberFailed(_logger, Name, ex);
        }
    }

    private static (string, string) KeyOf(T obj) => (obj.Metadata?.NamespaceProperty ?? "", obj.Metadata?.Name ?? "");

    // resourceVersions are opaque to clients but etcd's are integers; what cannot be compared counts as newer.
    private static long? Version(T obj) => long.TryParse(obj.Metadata?.ResourceVersion, out var v) ? v : null;

    private static bool IsNewer(T candidate, T cached) =>
        Version(candidate) is not { } a || Version(cached) is not { } b || a >= b;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "A subscriber of the {Cache} cache failed; the cache goes on")]
        public static partial void SubscriberFailed(ILogger logger, string cache, Exception error);
    }
}
