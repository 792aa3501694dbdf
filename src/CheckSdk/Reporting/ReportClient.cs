using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace HealthChecks.CheckSdk.Reporting;

/// <summary>
/// Sends a run's one report to the controller: <c>POST KH_REPORTING_URL</c> with the
/// <c>kh-run-uuid</c> header and the <c>{"OK","Errors"}</c> body. Transport errors, 5xx, 429 and
/// 408 (the body was too slow to arrive) are retried with exponential backoff and jitter until the
/// run's deadline; 200, 400 and 410 are final. A second report from the same client is refused: a run reports exactly once.
/// </summary>
public sealed partial class ReportClient : IDisposable
{
    private readonly CheckEnvironment _environment;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReportClientOptions _options;
    private int _used;

    public ReportClient(CheckEnvironment environment, HttpClient? http = null, TimeProvider? time = null, ILogger? logger = null, ReportClientOptions? options = null)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _options = options ?? new ReportClientOptions();
    }

    /// <summary>True once a report has been started; a second one throws.</summary>
    public bool HasReported => Volatile.Read(ref _used) != 0;

    public Task<ReportResult> ReportSuccessAsync(CancellationToken cancellationToken = default) =>
        ReportAsync(CheckReport.Success(), cancellationToken);

    /// <exception cref="ArgumentException">No errors or a blank error (see <see cref="CheckReport.Failure(IEnumerable{string})"/>).</exception>
    public Task<ReportResult> ReportFailureAsync(IEnumerable<string> errors, CancellationToken cancellationToken = default) =>
        ReportAsync(CheckReport.Failure(errors), cancellationToken);

    /// <exception cref="InvalidOperationException">This client already sent (or is sending) a report.</exception>
    public async Task<ReportResult> ReportAsync(CheckReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Interlocked.Exchange(ref _used, 1) != 0)
        {
            throw new InvalidOperationException($"run {_environment.RunUuid} has already reported; a run reports exactly once");
        }

        var untilDeadline = _environment.Deadline + _options.DeadlineGrace - _time.GetUtcNow();
        using var deadline = new CancellationTokenSource(untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var attempts = 0;
        int? lastStatus = null;
        string? lastError = null;
        var pipeline = BuildPipeline(error => lastError = error);
        Log.Sending(_logger, report.OK, _environment.RunUuid, _environment.ReportingUrl);
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    var answer = await SendOnceAsync(report, token).ConfigureAwait(false);
                    lastStatus = (int)answer.StatusCode;
                    return answer;
                },
                linked.Token).ConfigureAwait(false);
            var result = new ReportResult(OutcomeOf(response.StatusCode), lastStatus, attempts, lastError);
            LogFinal(result);
            return result;
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                                   && ex is OperationCanceledException or HttpRequestException or TimeoutRejectedException)
        {
            var result = new ReportResult(ReportOutcome.DeadlineReached, lastStatus, attempts, lastError ?? Describe(ex));
            LogFinal(result);
            return result;
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    internal static ReportOutcome OutcomeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.OK => ReportOutcome.Accepted,
        HttpStatusCode.BadRequest => ReportOutcome.Rejected,
        HttpStatusCode.Gone => ReportOutcome.Expired,
        _ => ReportOutcome.Refused,
    };

    // HttpRequestException says "An error occurred while sending the request"; the cause is inside.
    private static string Describe(Exception error) =>
        error.InnerException is { } inner ? $"{error.Message} ({inner.Message})" : error.Message;

    private async Task<HttpResponseMessage> SendOnceAsync(CheckReport report, CancellationToken cancellationToken)
    {
        // A byte array, not a streamed JsonContent: the request then carries Content-Length
        // instead of chunked encoding, which simple servers and proxies handle better.
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(report, ReportJsonContext.Default.CheckReport));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, _environment.ReportingUrl) { Content = body };
        request.Headers.Add(CheckProtocol.RunUuidHeader, _environment.RunUuid);
        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(Action<string> noteError) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsRetryable(response.StatusCode)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.InitialDelay,
                MaxDelay = _options.MaxDelay,
                MaxRetryAttempts = int.MaxValue, // the deadline, not a count, ends the retries
                OnRetry = args =>
                {
                    var why = args.Outcome.Exception is { } error ? Describe(error) : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    noteError(why);
                    Log.Retrying(_logger, args.AttemptNumber + 1, why, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();

    private void LogFinal(ReportResult result)
    {
        switch (result.Outcome)
        {
            case ReportOutcome.Accepted:
                Log.Accepted(_logger, result.Attempts);
                break;
            case ReportOutcome.Rejected:
                Log.Rejected(_logger, _environment.RunUuid);
                break;
            default:
                Log.NotDelivered(_logger, result.Outcome, result.LastStatusCode, result.Attempts, result.LastError);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Reporting OK={Ok} for run {RunUuid} to {Url}")]
        public static partial void Sending(ILogger logger, bool ok, string runUuid, Uri url);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Report attempt {Attempt} failed ({Why}); retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, int attempt, string why, TimeSpan delay);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Report accepted after {Attempts} attempt(s)")]
        public static partial void Accepted(ILogger logger, int attempts);

        [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Report rejected with 400: the controller does not know run {RunUuid} (superseded or unknown) or refused the body; not retried")]
        public static partial void Rejected(ILogger logger, string runUuid);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Report not delivered: {Outcome} (last status {Status}, {Attempts} attempt(s), last error: {Error})")]
        public static partial void NotDelivered(ILogger logger, ReportOutcome outcome, int? status, int attempts, string? error);
    }
}
