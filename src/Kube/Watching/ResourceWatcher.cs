using System.Runtime.CompilerServices;
using HealthChecks.Kube.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Kube.Watching;

/// <summary>
/// List-then-watch that never ends on its own: it resumes from the last resourceVersion after a
/// dropped or closed stream, follows bookmarks, lists again on 410 Gone (emitting only what
/// changed meanwhile: ADDED, MODIFIED, DELETED), backs off with jitter on errors, and replaces a
/// stream that went silent. Each object change is reported once, in order. The official client
/// has no informer (it lists and watches, no more); this is the part of client-go's reflector we need.
/// </summary>
public sealed partial class ResourceWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A watch that ends sooner than this without a single event counts as a failure (as in client-go).</summary>
    private static readonly TimeSpan MinimumHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly ResourceClient<T> _source;
    private readonly string _name;
    private readonly string? _namespace;
    private readonly ResourceWatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, T> _known = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResourceWatcher(ResourceClient<T> source, string? @namespace, ResourceWatcherOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _source = source;
        _name = source.Kind.ToString();
        _namespace = @namespace;
        _options = options ?? new ResourceWatcherOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        if (_options.IdleTimeout <= _options.ServerTimeout)
        {
            throw new ArgumentException("IdleTimeout must exceed ServerTimeout, or healthy streams are cut", nameof(options));
        }
    }

    /// <summary>Completes once the first full list has been handed to the consumer.</summary>
    public Task Synced => _synced.Task;

    /// <summary>
    /// Raised after each (re)list's changes were handed out, with every object the list held and its
    /// resourceVersion, so a consumer that also keeps objects from elsewhere (its own writes) can
    /// drop what the list proves gone. Raised on the watch loop: keep handlers short.
    /// </summary>
    public event Action<IReadOnlyCollection<T>, string?>? Relisted;

    /// <summary>The version the next watch resumes from; null means the next step is a list.</summary>
    public string? ResourceVersion { get; private set; }

    public int ListCount { get; private set; }

    public int WatchCount { get; private set; }

    public int BookmarkCount { get; private set; }

    public int IdleTimeoutCount { get; private set; }

    public Exception? LastError { get; private set; }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (ResourceVersion is null)
            {
                List<WatchEvent<T>> changes;
                try
                {
                    changes = await RelistAsync(cancellationToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    await BackOffAsync(++failures, ex, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var change in changes)
                {
                    yield return change;
                }

                Relisted?.Invoke(_known.Values, ResourceVersion);
                _synced.TrySetResult();
            }

            Exception? failure = null;
            using var idle = new CancellationTokenSource(_options.IdleTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            WatchCount++;
            var watchStarted = _time.GetTimestamp();
            var received = 0;
            var stream = _source.WatchAsync(_namespace, WatchRequestFor(ResourceVersion!), linked.Token).GetAsyncEnumerator(linked.Token);
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        idle.CancelAfter(_options.IdleTimeout); // the watchdog times the server's silence, not our consumer
                        more = await stream.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex.IsGone())
                    {
                        Log.Expired(_logger, _name, ResourceVersion);
                        ResourceVersion = null;
                        break;
                    }
                    catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        IdleTimeoutCount++;
                        Log.Silent(_logger, _name, _options.IdleTimeout);
                        break;
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = ex;
                        break;
                    }

                    if (!more)
                    {
                        // Closed by the server (timeoutSeconds): resume from ResourceVersion. A stream
                        // closed at once with nothing in it (a proxy, an overloaded server) must not
                        // turn into a tight reconnect loop: back off as for an error.
                        var lasted = _time.GetElapsedTime(watchStarted);
                        if (received == 0 && lasted < MinimumHealthyWatch)
                        {
                            failure = new IOException($"the watch of {_name} closed after {lasted.TotalMilliseconds:F0} ms without any event");
                        }

                        break;
                    }

                    received++;
                    failures = 0;
                    var change = stream.Current;
                    if (Apply(change))
                    {
                        yield return change;
                    }
                }
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            // A watch that was up for a while proves the server is back: its failure starts the
            // backoff again from the first step (client-go's reflector resets its backoff too).
            // Otherwise a quiet resource, which sees no event to reset the count, would wait the
            // longest backoff after every later hiccup, long after an outage ended.
            if (_time.GetElapsedTime(watchStarted) >= MinimumHealthyWatch)
            {
                failures = 0;
            }

            if (failure is not null)
            {
                await BackOffAsync(++failures, failure, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private WatchRequest WatchRequestFor(string resourceVersion) => new()
    {
        ResourceVersion = resourceVersion,
        LabelSelector = _options.LabelSelector,
        FieldSelector = _options.FieldSelector,
        TimeoutSeconds = (int)Math.Max(1, _options.ServerTimeout.TotalSeconds),
    };

    // Returns whether the consumer should see the event (bookmarks only move the version).
    private bool Apply(WatchEvent<T> change)
    {
        ManagedFields.Strip(change.Object);
        ResourceVersion = change.Object.Metadata?.ResourceVersion ?? ResourceVersion;
        switch (change.Type)
        {
            case WatchEventType.Bookmark:
                BookmarkCount++;
                return false;
            case WatchEventType.Deleted:
                _known.Remove(KeyOf(change.Object));
                return true;
            default:
                _known[KeyOf(change.Object)] = change.Object;
                return true;
        }
    }

    // A list is a level-based resync: compare it with what the consumer was last told and
    // report only the difference, so a relist after 410 neither loses nor repeats a change.
    private async Task<List<WatchEvent<T>>> RelistAsync(CancellationToken cancellationToken)
    {
        // The first list is served from the API server's watch cache (resourceVersion 0, as
        // client-go's reflector does): at 10,000 khchecks that took 2.7 s against 11-18 s for a
        // read from etcd, paged or not, and it is what makes a replica ready. The watch then
        // carries on from whatever version the cache had. After a 410 the version we had is gone
        // from that cache, so the relist is a consistent, paged read.
        var fromCache = ListCount == 0;
        var request = new ListRequest
        {
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            Limit = fromCache ? null : _options.PageSize,
            ResourceVersion = fromCache ? "0" : null,
        };
        var list = await _source.ListAllAsync(_namespace, request, cancellationToken).ConfigureAwait(false);
        ListCount++;
        var changes = new List<WatchEvent<T>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            ManagedFields.Strip(item);
            var key = KeyOf(item);
            seen.Add(key);
            if (!_known.TryGetValue(key, out var previous))
            {
                changes.Add(new WatchEvent<T>(WatchEventType.Added, item));
            }
            else if (previous.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
            {
                changes.Add(new WatchEvent<T>(WatchEventType.Modified, item));
            }

            _known[key] = item;
        }

        foreach (var gone in _known.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            changes.Add(new WatchEvent<T>(WatchEventType.Deleted, _known[gone]));
            _known.Remove(gone);
        }

        ResourceVersion = list.Metadata.ResourceVersion;
        Log.Listed(_logger, _name, list.Items.Count, changes.Count, ResourceVersion);
        return changes;
    }

    private async Task BackOffAsync(int attempt, Exception error, CancellationToken cancellationToken)
    {
        LastError = error;
        var delay = Backoff.Delay(attempt, _options.InitialBackoff, _options.MaxBackoff, Random.Shared.NextDouble());
        Log.Failed(_logger, _name, attempt, delay, error);
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    private static string KeyOf(T obj) => obj.Metadata.NamespaceProperty + "/" + obj.Metadata.Name;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Listed {Resource}: {Count} objects, {Changes} changes, resourceVersion {ResourceVersion}")]
        public static partial void Listed(ILogger logger, string resource, int count, int changes, string? resourceVersion);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Watch of {Resource} expired at resourceVersion {ResourceVersion} (410): listing again")]
        public static partial void Expired(ILogger logger, string resource, string? resourceVersion);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Watch of {Resource} was silent for {IdleTimeout}: reconnecting")]
        public static partial void Silent(ILogger logger, string resource, TimeSpan idleTimeout);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Watch of {Resource} failed (attempt {Attempt}); retrying in {Delay}")]
        public static partial void Failed(ILogger logger, string resource, int attempt, TimeSpan delay, Exception error);
    }
}
