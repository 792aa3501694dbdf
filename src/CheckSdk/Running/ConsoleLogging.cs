using Microsoft.Extensions.Logging;

namespace HealthChecks.CheckSdk.Running;

/// <summary>A checker's log: single lines on stdout, Debug level when the upstream <c>DEBUG</c> knob is true.</summary>
public static class ConsoleLogging
{
    public static ILoggerFactory Create(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var debug = environment("DEBUG")?.Trim().ToUpperInvariant() is "1" or "T" or "TRUE";
        return LoggerFactory.Create(builder => builder
            .SetMinimumLevel(debug ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
                console.UseUtcTimestamp = true;
            }));
    }
}
