using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

/// <summary>Consumes a <see cref="ResourceWatcher{T}"/> in the background and records what it yields.</summary>
internal sealed class WatchRecorder<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<WatchEvent<T>> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public WatchRecorder(ResourceWatcher<T> watcher)
    {
        Watcher = watcher;
        _pump = Task.Run(async () =>
        {
            await using var events = watcher.WatchAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
            while (true)
            {
                if (!await events.MoveNextAsync())
                {
                    return;
                }

                lock (_events)
                {
                    _events.Add(events.Current);
                }
            }
        });
    }

    public ResourceWatcher<T> Watcher { get; }

    public IReadOnlyList<WatchEvent<T>> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public async Task<IReadOnlyList<WatchEvent<T>>> WaitForCountAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_pump.IsFaulted)
            {
                await _pump; // surface the watcher's exception
            }

            var snapshot = Events;
            if (snapshot.Count >= count)
            {
                return snapshot;
            }

            await Task.Delay(50);
        }

        var seen = Events;
        throw new TimeoutException($"saw {seen.Count} of {count} events in {timeout}: {string.Join(", ", seen.Select(e => $"{e.Type} {e.Object.Metadata.Name}"))}; last error: {Watcher.LastError?.Message}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
