using System.Runtime.InteropServices;
using HealthChecks.CheckSdk.Options;
using HealthChecks.CheckSdk.Reporting;
using Microsoft.Extensions.Logging;

namespace HealthChecks.CheckSdk.Running;

/// <summary>
/// Runs one check the way the contract wants: reads the contract variables, gives the check a
/// token that fires <see cref="CheckRunnerOptions.StopBeforeDeadline"/> before the deadline and on
/// SIGTERM/SIGINT, turns an exception (or a check that will not stop) into a failure, reports
/// exactly once, and returns the process exit code (<see cref="ExitCodes"/>).
/// </summary>
public static partial class CheckRunner
{
    public static async Task<int> RunAsync(Func<CheckContext, CancellationToken, Task<CheckReport>> check, CheckRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        options ??= new CheckRunnerOptions();
        var ownedLoggers = options.LoggerFactory is null ? ConsoleLogging.Create(options.Environment) : null;
        var loggers = options.LoggerFactory ?? ownedLoggers!;
        try
        {
            var logger = loggers.CreateLogger(typeof(CheckRunner).FullName!);
            CheckEnvironment environment;
            try
            {
                environment = CheckEnvironment.FromEnvironment(options.Environment);
            }
            catch (EnvOptionsException ex)
            {
                Log.BadEnvironment(logger, ex.Message);
                return ExitCodes.BadEnvironment;
            }

            using var http = options.HttpHandler is null
                ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan }
                : new HttpClient(options.HttpHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            var report = await RunCheckAsync(check, environment, http, options, loggers, logger).ConfigureAwait(false);

            using var client = new ReportClient(environment, http, options.Time, loggers.CreateLogger(typeof(ReportClient).FullName!), options.Report);
            var result = await client.ReportAsync(report).ConfigureAwait(false);
            return !result.Delivered ? ExitCodes.NotDelivered : report.OK ? ExitCodes.Passed : ExitCodes.Failed;
        }
        finally
        {
            ownedLoggers?.Dispose();
        }
    }

    private static async Task<CheckReport> RunCheckAsync(
        Func<CheckContext, CancellationToken, Task<CheckReport>> check,
        CheckEnvironment environment,
        HttpClient http,
        CheckRunnerOptions options,
        ILoggerFactory loggers,
        ILogger logger)
    {
        var time = options.Time;
        var stopAt = environment.Deadline - options.StopBeforeDeadline;
        var untilStop = stopAt - time.GetUtcNow();
        using var nearDeadline = new CancellationTokenSource(untilStop > TimeSpan.Zero ? untilStop : TimeSpan.Zero, time);
        using var signalled = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(nearDeadline.Token, signalled.Token);
        using var sigterm = options.HandleSignals ? OnSignal(PosixSignal.SIGTERM, signalled, logger) : null;
        using var sigint = options.HandleSignals ? OnSignal(PosixSignal.SIGINT, signalled, logger) : null;

        var context = new CheckContext(environment, time, loggers, http, signalled.Token);
        Log.Started(logger, environment.RunUuid, environment.Deadline);
        var running = Task.Run(() => check(context, stop.Token), CancellationToken.None);
        var stopped = Task.Delay(Timeout.InfiniteTimeSpan, time, stop.Token);
        var grace = options.StopGrace;
        if (await Task.WhenAny(running, stopped).ConfigureAwait(false) != running)
        {
            // The token fired: let the check wind down (its cleanup), but keep time to report.
            var leftForReport = environment.Deadline - time.GetUtcNow() - TimeSpan.FromSeconds(1);
            if (!signalled.IsCancellationRequested && leftForReport < grace)
            {
                grace = leftForReport > TimeSpan.Zero ? leftForReport : TimeSpan.Zero;
            }

            await Task.WhenAny(running, Task.Delay(grace, time)).ConfigureAwait(false);
        }

        var why = signalled.IsCancellationRequested ? "received a termination signal"
            : $"the run's deadline {environment.Deadline:u} is near";
        if (!running.IsCompleted)
        {
            Log.Abandoned(logger, grace);
            return CheckReport.Failure($"check stopped: {why}; it did not finish within {GoDuration.Format(grace)} after being told to stop");
        }

        try
        {
            var report = await running.ConfigureAwait(false);
            Log.Finished(logger, report.OK, report.Errors.Count);
            return report;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Log.Stopped(logger, why);
            return CheckReport.Failure($"check stopped: {why}");
        }
#pragma warning disable CA1031 // any exception of the check is its failure, reported with its message
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Crashed(logger, ex);
            return CheckReport.Failure(ex is EnvOptionsException ? ex.Message : $"check failed with {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static PosixSignalRegistration OnSignal(PosixSignal signal, CancellationTokenSource stop, ILogger logger) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true; // keep the process alive long enough to report
            Log.Signalled(logger, signal);
            stop.Cancel();
        });

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Cannot run the check, nothing will be reported: {Problem}")]
        public static partial void BadEnvironment(ILogger logger, string problem);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Run {RunUuid} started; deadline {Deadline:u}")]
        public static partial void Started(ILogger logger, string runUuid, DateTimeOffset deadline);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Check finished: OK={Ok}, {Errors} error(s)")]
        public static partial void Finished(ILogger logger, bool ok, int errors);

        [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Check stopped: {Why}")]
        public static partial void Stopped(ILogger logger, string why);

        [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "Check threw")]
        public static partial void Crashed(ILogger logger, Exception error);

        [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "Received {Signal}: stopping the check")]
        public static partial void Signalled(ILogger logger, PosixSignal signal);

        [LoggerMessage(EventId = 5107, Level = LogLevel.Error, Message = "The check did not stop within {Grace} of being told to; reporting a failure without it")]
        public static partial void Abandoned(ILogger logger, TimeSpan grace);
    }
}
