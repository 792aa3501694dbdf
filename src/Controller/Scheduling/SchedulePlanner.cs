using HealthChecks.Controller.Resources;

namespace HealthChecks.Controller.Scheduling;

/// <summary>
/// When a check's trigger first fires after it is (re)scheduled: continue from the stored state
/// rather than run everything again. A run in flight is adopted at once; otherwise the next run
/// is one interval after the last start (or the last result, for states written by upstream).
/// </summary>
public static class SchedulePlanner
{
    public static DateTimeOffset FirstRun(KhStateSpec? state, TimeSpan interval, DateTimeOffset now)
    {
        if (state is null || state.RunInFlight)
        {
            return now;
        }

        var lastStart = state.RunStarted ?? state.LastRun;
        if (lastStart is not { } last)
        {
            return now;
        }

        var due = last + interval;
        return due > now ? due : now;
    }

    /// <summary>
    /// True when a finished run started less than half an interval ago, so a firing now would be a
    /// second run in one period. Regular firings come a whole interval after the last start.
    /// </summary>
    public static bool RanRecently(KhStateSpec? state, TimeSpan interval, DateTimeOffset now) =>
        state is { RunInFlight: false, RunStarted: { } started } && now - started < interval / 2;
}
