using System.Collections.Concurrent;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.TestKit.PodSecurity;

/// <summary>
/// Keeps every pod that appears in a namespace while it runs (a watch, so short-lived pods are not
/// missed), as first seen: what a program under test made its controllers create, for checks such
/// as <see cref="RestrictedProfile"/>. The pods there when it starts are kept too.
/// </summary>
public sealed class PodRecorder : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ResourceWatcher<V1Pod> _watcher;
    private readonly Task _loop;

    private PodRecorder(Kubernetes client, string @namespace)
    {
        _watcher = new ResourceWatcher<V1Pod>(new ResourceClient<V1Pod>(client, BuiltInKinds.Pods), @namespace);
        _loop = RecordAsync(_stop.Token);
    }

    /// <summary>Every pod seen so far, once each (by UID).</summary>
    public IReadOnlyCollection<V1Pod> Pods => [.. _pods.Values];

    /// <summary>Starts recording; returns once the watch has listed the namespace.</summary>
    public static async Task<PodRecorder> StartAsync(Kubernetes client, string @namespace)
    {
        var recorder = new PodRecorder(client, @namespace);
        try
        {
            await recorder._watcher.Synced.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await recorder.DisposeAsync();
            throw;
        }

        return recorder;
    }

    /// <summary>
    /// The pods seen once at least <paramref name="count"/> of them match <paramref name="which"/>
    /// (all pods when null): the watch may trail the program that made them by a moment.
    /// </summary>
    public Task<IReadOnlyCollection<V1Pod>> AtLeastAsync(int count, Func<V1Pod, bool>? which = null, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            () => Task.FromResult(Pods.Count(which ?? (_ => true)) >= count ? Pods : null),
            timeout ?? TimeSpan.FromSeconds(10),
            $"{count} pods recorded (seen: {string.Join(", ", Pods.Select(p => p.Metadata?.Name))})");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        await foreach (var change in _watcher.WatchAsync(cancellationToken))
        {
            if (change.Type != WatchEventType.Deleted && change.Object.Metadata?.Uid is { } uid)
            {
                _pods.TryAdd(uid, change.Object);
            }
        }
    }
}
