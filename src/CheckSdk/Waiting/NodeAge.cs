namespace HealthChecks.CheckSdk.Waiting;

/// <summary>
/// Upstream's <c>WaitForNodeAge</c>: a check on a brand-new node waits until the node is old
/// enough (its DNS and network settle first). Unlike upstream, the wait ends on cancellation.
/// The caller reads the node's creation time (the SDK does not talk to Kubernetes).
/// </summary>
public static class NodeAge
{
    /// <summary>How much longer to wait; zero when the node is old enough or <paramref name="minimumAge"/> is zero.</summary>
    public static TimeSpan RemainingWait(DateTimeOffset nodeCreated, TimeSpan minimumAge, DateTimeOffset now)
    {
        var left = nodeCreated + minimumAge - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Sleeps until the node is <paramref name="minimumAge"/> old; returns how long it waited.</summary>
    public static async Task<TimeSpan> WaitUntilOldEnoughAsync(DateTimeOffset nodeCreated, TimeSpan minimumAge, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var wait = RemainingWait(nodeCreated, minimumAge, time.GetUtcNow());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        return wait;
    }
}
