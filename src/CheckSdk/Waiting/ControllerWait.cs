using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.CheckSdk.Waiting;

/// <summary>
/// Waits until the controller answers at the reporting URL. Any HTTP status counts as "up" (a GET
/// on <c>/externalCheckStatus</c> answers 400 upstream and 405 in v3; v2-master waited for a 200
/// and so always used its whole budget). Only transport errors mean "not yet".
/// </summary>
public static partial class ControllerWait
{
    public static async Task<bool> WaitUntilReachableAsync(
        HttpClient http,
        Uri reportingUrl,
        TimeSpan budget,
        TimeProvider? time = null,
        ILogger? logger = null,
        TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        var every = interval ?? TimeSpan.FromSeconds(3);
        using var giveUp = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, giveUp.Token);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var probe = new CancellationTokenSource(every, time);
                using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, probe.Token);
                using var response = await http.GetAsync(reportingUrl, attemptToken.Token).ConfigureAwait(false);
                Log.Reachable(logger, reportingUrl, (int)response.StatusCode, attempt);
                return true;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (giveUp.IsCancellationRequested)
                {
                    Log.GaveUp(logger, reportingUrl, budget);
                    return false;
                }

                Log.NotYet(logger, reportingUrl, ex.Message);
            }

            try
            {
                await Task.Delay(every, time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.GaveUp(logger, reportingUrl, budget);
                return false;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "Controller at {Url} answered {Status} (attempt {Attempt})")]
        public static partial void Reachable(ILogger logger, Uri url, int status, int attempt);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Controller at {Url} not reachable yet: {Error}")]
        public static partial void NotYet(ILogger logger, Uri url, string error);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Controller at {Url} still not reachable after {Budget}; going on")]
        public static partial void GaveUp(ILogger logger, Uri url, TimeSpan budget);
    }
}
