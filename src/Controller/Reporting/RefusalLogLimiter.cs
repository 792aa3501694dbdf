using HealthChecks.Controller.Metrics;

namespace HealthChecks.Controller.Reporting;

/// <summary>
/// Lets the intake log at most one refused report of each outcome every <see cref="Window"/>, and
/// counts the rest for the next line: a flood of bogus reports (10,000 a second are refused) must
/// not become a flood of log lines that fills disks and log pipelines. Every refusal is still
/// counted in <c>kuberhealthy_reports_total</c>.
/// </summary>
internal sealed class RefusalLogLimiter(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<IntakeOutcome, (long Since, int Unlogged)> _windows = [];

    /// <summary>Whether to log this refusal; if so, <paramref name="unlogged"/> is how many of its kind were not logged before it.</summary>
    public bool ShouldLog(IntakeOutcome outcome, out int unlogged)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_windows.TryGetValue(outcome, out var window) && time.GetElapsedTime(window.Since, now) < Window)
            {
                _windows[outcome] = (window.Since, window.Unlogged + 1);
                unlogged = 0;
                return false;
            }

            unlogged = window.Unlogged;
            _windows[outcome] = (now, 0);
            return true;
        }
    }
}
