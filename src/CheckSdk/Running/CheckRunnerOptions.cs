using HealthChecks.CheckSdk.Reporting;
using Microsoft.Extensions.Logging;

namespace HealthChecks.CheckSdk.Running;

/// <summary>Knobs of <see cref="CheckRunner"/>; the defaults suit a checker pod.</summary>
public sealed record CheckRunnerOptions
{
    /// <summary>Where the contract variables come from; the process environment by default.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The log sink; by default a single-line console logger (Debug level when <c>DEBUG=true</c>).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The check's token fires this long before the deadline, leaving time to clean up and report.</summary>
    public TimeSpan StopBeforeDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After its token fired, how long the check may take to return before it is abandoned and reported as failed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Cancel the check on SIGTERM and SIGINT (on by default; tests that run in-process switch it off).</summary>
    public bool HandleSignals { get; init; } = true;

    public ReportClientOptions Report { get; init; } = new();

    /// <summary>Used for the report and the controller wait; tests pass one. Default: a new client.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}
