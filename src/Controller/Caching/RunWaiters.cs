using System.Collections.Concurrent;

namespace HealthChecks.Controller.Caching;

/// <summary>
/// Lets a report wait for its run to reach this replica's cache: a checker can report within
/// milliseconds of its pod starting, before the khstate's watch event has arrived here.
/// </summary>
internal sealed class RunWaiters<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<T>> _waiting = new(StringComparer.Ordinal);

    public int Count => _waiting.Count;

    /// <summary>The object once <see cref="Arrived"/> is called for the run, or null after <paramref name="timeout"/>.</summary>
    public async Task<T?> WaitAsync(string runUuid, Func<T?> lookAgain, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var arrival = _waiting.GetOrAdd(runUuid, _ => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            // It may have arrived between the caller's look and the registration.
            if (lookAgain() is { } already)
            {
                return already;
            }

            return await arrival.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _waiting.TryRemove(new KeyValuePair<string, TaskCompletionSource<T>>(runUuid, arrival));
        }
    }

    public void Arrived(string runUuid, T value)
    {
        if (_waiting.TryGetValue(runUuid, out var arrival))
        {
            arrival.TrySetResult(value);
        }
    }
}
