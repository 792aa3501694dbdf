using System.Collections.Concurrent;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Caching;

/// <summary>
/// An in-memory copy of one kind, kept current by a single list+watch. Readers (status page,
/// report intake, the leader's run supervisor) never call the API for what is here; subscribers
/// hear of every change. Objects handed out are the cached instances: never modify them.
/// </summary>
public sealed partial class ResourceCache<T>(
    ResourceClient<T> source,
    string? @namespace,
    ResourceWatcherOptions options,
    TimeProvider time,
    ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), T> _items = new();
    private readonly ResourceWatcher<T> _watcher = new(source, @namespace, options, time, logger);

    /// <summary>Raised after the cache applied a change (on the watch loop: keep handlers short).</summary>
    public event Action<WatchEventType, T>? Changed;

    /// <summary>After any change of the cached copy, by a watch event or <see cref="Remember"/>: the object now cached, or null when it was deleted.</summary>
    public event Action<(string Namespace, string Name), T?>? Stored;

    public string Name { get; } = source.Kind.Plural;

    /// <summary>Completes when the first list is in the cache.</summary>
    public Task Synced => _watcher.Synced;

    public bool IsSynced => _watcher.Synced.IsCompletedSuccessfully;

    public Exception? LastError => _watcher.LastError;

    public int Count => _items.Count;

    public T? Get(string @namespace, string name) => _items.GetValueOrDefault((@namespace, name));

    public IReadOnlyCollection<T> Snapshot() => _items.Values.ToList();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var change in _watcher.WatchAsync(cancellationToken))
        {
            var key = (change.Object.Metadata.NamespaceProperty ?? "", change.Object.Metadata.Name ?? "");
            if (change.Type == WatchEventType.Deleted)
            {
                _items.TryRemove(key, out _);
                Raise(() => Stored?.Invoke(key, null));
            }
            else
            {
                // A watch event can trail a write this process already remembered.
                var cached = _items.AddOrUpdate(key, change.Object, (_, cached) => IsNewer(change.Object, cached) ? change.Object : cached);
                Raise(() => Stored?.Invoke(key, cached));
            }

            Raise(() => Changed?.Invoke(change.Type, change.Object));
        }
    }

    /// <summary>
    /// Puts an object this process just wrote into the cache before its watch event arrives, so a
    /// reader right after the write sees it; an older copy never replaces a newer one.
    /// </summary>
    public void Remember(T written)
    {
        var key = (written.Metadata.NamespaceProperty ?? "", written.Metadata.Name ?? "");
        var cached = _items.AddOrUpdate(key, written, (_, cached) => IsNewer(written, cached) ? written : cached);
        Raise(() => Stored?.Invoke(key, cached));
    }

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
            Log.SubscriberFailed(logger, Name, ex);
        }
    }

    private static bool IsNewer(T candidate, T cached) =>
        long.TryParse(candidate.Metadata.ResourceVersion, out var a) && long.TryParse(cached.Metadata.ResourceVersion, out var b) ? a >= b : true;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "A subscriber of the {Cache} cache failed; the cache goes on")]
        public static partial void SubscriberFailed(ILogger logger, string cache, Exception error);
    }
}
