namespace HealthChecks.Kube;

/// <summary>Exponential backoff with jitter, so that many clients failing together do not retry together.</summary>
public static class Backoff
{
    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> (1-based): initial × 2^(attempt-1),
    /// capped at <paramref name="max"/>, then scaled by a factor in [0.5, 1.5) from <paramref name="random"/> in [0, 1).
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ticks * (0.5 + Math.Clamp(random, 0, 1))));
    }
}
