using HealthChecks.CheckSdk.Waiting;
using Microsoft.Extensions.Logging;

namespace HealthChecks.CheckSdk.Running;

/// <summary>What <see cref="CheckRunner"/> hands to a check: the contract values, the clock and a logger.</summary>
public sealed class CheckContext(CheckEnvironment environment, TimeProvider time, ILoggerFactory loggerFactory, HttpClient http, CancellationToken terminating = default)
{
    public CheckEnvironment Environment { get; } = environment;

    /// <summary>The run's deadline (<c>KH_CHECK_RUN_DEADLINE</c>). The check's token fires a little earlier.</summary>
    public DateTimeOffset Deadline => Environment.Deadline;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Fires only on SIGTERM/SIGINT (the check's own token also fires near the deadline): lets a
    /// check tell "stop now, clean up fast" from "your time is up, say what was left undone".
    /// </summary>
    public CancellationToken Terminating { get; } = terminating;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("Check");

    /// <summary>Time left until the deadline (zero once it passed).</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = Deadline - Time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Waits until the reporting URL answers (any HTTP status), at most <paramref name="budget"/>; see <see cref="ControllerWait"/>.</summary>
    public Task<bool> WaitForControllerAsync(TimeSpan budget, CancellationToken cancellationToken) =>
        ControllerWait.WaitUntilReachableAsync(http, Environment.ReportingUrl, budget, Time, Logger, cancellationToken: cancellationToken);
}
