using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HealthChecks.Checks.Deployment;

/// <summary>
/// Upstream's request step: GET the Service and expect 200, retrying up to N times with a sleep
/// of attempt × delay between tries, within an overall budget. Returns null on a 200, else why not.
/// </summary>
internal sealed partial class ServiceProbe(HttpClient http, DeploymentCheckOptions options, TimeProvider time, ILogger logger)
{
    public static Uri UrlFor(string clusterIp, int port) =>
        new UriBuilder(Uri.UriSchemeHttp, IPAddress.TryParse(clusterIp, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{clusterIp}]" : clusterIp, port).Uri;

    public async Task<string?> ExpectOkAsync(Uri url, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.RequestBudget);
        var last = "no attempt made";
        for (var attempt = 1; attempt <= options.RequestAttempts; attempt++)
        {
            try
            {
                using var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
                attemptLimit.CancelAfter(TimeSpan.FromSeconds(10));
                using var response = await http.GetAsync(url, attemptLimit.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Log.Ok(logger, url, attempt);
                    return null;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.InnerException?.Message ?? ex.Message;
            }
            catch (SocketException ex)
            {
                // A connection reset right after it was accepted (a Service with no ready endpoint yet)
                // can reach us unwrapped: HttpClient reads the remote end point of a socket already closed.
                last = ex.Message;
            }
            catch (OperationCanceledException) when (!budget.IsCancellationRequested)
            {
                last = "no answer within 10s";
            }
            catch (OperationCanceledException)
            {
                break;
            }

            Log.NotYet(logger, url, attempt, last);
            if (attempt == options.RequestAttempts)
            {
                break;
            }

            try
            {
                await Task.Delay(options.RequestRetryDelay * attempt, time, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return $"no 200 from {url} after retries (last: {last})";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "GET {Url}: 200 on attempt {Attempt}")]
        public static partial void Ok(ILogger logger, Uri url, int attempt);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "GET {Url} attempt {Attempt}: {Result}")]
        public static partial void NotYet(ILogger logger, Uri url, int attempt, string result);
    }
}
