using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests.Rig;

/// <summary>Moving a manual clock under code that works asynchronously (workers, the elector).</summary>
internal static class Clock
{
    /// <summary>Real time given to the code's async work after each step before the condition counts as false.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Moves the clock on a step at a time, letting the async work run between steps, until the
    /// condition holds; returns how far the clock moved. Fails when it has not held within
    /// <paramref name="limit"/> of clock time.
    /// </summary>
    public static async Task<TimeSpan> AdvanceUntilAsync(this ManualTimeProvider time, Func<bool> condition, TimeSpan step, TimeSpan limit, string what)
    {
        var moved = TimeSpan.Zero;
        while (!await HoldsAsync(condition))
        {
            if (moved >= limit)
            {
                throw new TimeoutException($"{what}: not within {limit} of clock time");
            }

            time.Advance(step);
            moved += step;
        }

        return moved;
    }

    /// <summary>Waits, in real time and bounded, for async work the test cannot be told about (nothing moves the clock).</summary>
    public static Task UntilAsync(Func<bool> condition, string what) =>
        Eventually.TrueAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10), what, TimeSpan.FromMilliseconds(5));

    /// <summary>Moves the clock by <paramref name="total"/> in steps, letting the async work run after each.</summary>
    public static async Task AdvanceInStepsAsync(this ManualTimeProvider time, TimeSpan total, TimeSpan step)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            time.Advance(step);
            await Task.Delay(Settle);
        }
    }

    private static async Task<bool> HoldsAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Settle;
        while (!condition())
        {
            if (DateTime.UtcNow >= until)
            {
                return false;
            }

            await Task.Delay(1);
        }

        return true;
    }
}
