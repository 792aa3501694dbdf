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

        return NextDue(state, interval) is { } due && due > now ? due : now;
    }

    /// <summary>
    /// When the schedule has the run after the state's last one due: one interval after its start
    /// (or its result, for states written by upstream). Null when the check never ran: its first
    /// run is due as soon as it is seen. Before that time a firing is early; after it, late.
    /// </summary>
    public static DateTimeOffset? NextDue(KhStateSpec? state, TimeSpan interval) =>
        (state?.RunStarted ?? state?.LastRun) is { } last ? last + interval : null;

    /// <summary>
    /// True when a finished run started less than half an interval ago, so a firing now would be a
    /// second run in one period. Regular firings come a whole interval after the last start.
    /// </summary>
    public static bool RanRecently(KhStateSpec? state, TimeSpan interval, DateTimeOffset now) =>
        state is { RunInFlight: false, RunStarted: { } started } && now - started < interval / 2;
}
