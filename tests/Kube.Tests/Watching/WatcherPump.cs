using System.Threading.Channels;
using HealthChecks.Kube.Watching;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Watching;

/// <summary>Consumes a watcher in the background (as a controller would) and queues what it emits.</summary>
internal sealed class WatcherPump : IAsyncDisposable
{
    private readonly Channel<WatchEvent<V1ConfigMap>> _events = Channel.CreateUnbounded<WatchEvent<V1ConfigMap>>();
    private readonly CancellationTokenSource _stop;
    private readonly Task _run;

    public WatcherPump(ResourceWatcher<V1ConfigMap> watcher, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _run = Task.Run(async () =>
        {
            await foreach (var change in watcher.WatchAsync(_stop.Token))
            {
                _events.Writer.TryWrite(change);
            }
        }, CancellationToken.None);

        // A watcher that fails (rather than being cancelled) makes the next read throw its error.
        _ = _run.ContinueWith(t => _events.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
    }

    public async Task<WatchEvent<V1ConfigMap>> NextAsync(CancellationToken cancellationToken) => await _events.Reader.ReadAsync(cancellationToken);

    /// <summary>Everything emitted so far and not yet read.</summary>
    public List<WatchEvent<V1ConfigMap>> Drain()
    {
        var drained = new List<WatchEvent<V1ConfigMap>>();
        while (_events.Reader.TryRead(out var change))
        {
            drained.Add(change);
        }

        return drained;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
            // The normal end of a watch.
        }

        _stop.Dispose();
    }
}
