using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using HealthChecks.CheckSdk;

namespace HealthChecks.LocalCluster.Runtime;

/// <summary>
/// The HTTP side of every <c>run: report-ok</c> container: one <see cref="HttpClient"/> for all of
/// them (a benchmark runs ~17 a second for many minutes; a client per container would leave a
/// socket pool per run), pooled connections capped per server, no proxy, no redirects, and a
/// connect step that refuses any address that is not loopback even when a name resolves elsewhere.
/// </summary>
internal sealed class ReportOkSender : IDisposable
{
    /// <summary>Connections kept to one controller; more reports than that at once wait for one.</summary>
    public const int MaxConnectionsPerServer = 32;

    private const int MaxShownBodyBytes = 300;

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"OK":true,"Errors":[]}""");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ReportOkRetry _retry;

    public ReportOkSender(TimeProvider time, ReportOkRetry? retry = null)
    {
        _time = time;
        _retry = retry ?? new ReportOkRetry();
        var handler = new SocketsHttpHandler
        {
            UseProxy = false, // an http_proxy in the simulator's env must not take reports off the machine
            AllowAutoRedirect = false, // a redirect could name another host
            MaxConnectionsPerServer = MaxConnectionsPerServer,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // a restarted controller on the same port gets fresh connections
            ConnectCallback = ConnectLoopbackAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// POSTs <c>{"OK":true,"Errors":[]}</c> with the <c>kh-run-uuid</c> header until a final answer or
    /// the attempts run out; <paramref name="note"/> gets one line per attempt (the container's log).
    /// Throws <see cref="OperationCanceledException"/> only for <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<ReportOkResult> SendAsync(ReportOkSettings settings, Func<string, Task> note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(note);
        var what = $"POST {settings.ReportingUrl} ({CheckProtocol.RunUuidHeader}: {settings.RunUuid})";
        string outcome = "";
        for (var attempt = 1; attempt <= _retry.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(_retry.DelayBefore(attempt), _time, cancellationToken).ConfigureAwait(false);
            }

            var (status, text) = await AttemptAsync(settings, cancellationToken).ConfigureAwait(false);
            outcome = status is { } code ? $"HTTP {code}{(text.Length > 0 ? ": " + text : "")}" : text;
            await note($"attempt {attempt}/{_retry.MaxAttempts}: {what}: {outcome}").ConfigureAwait(false);
            if (status == 200)
            {
                return new ReportOkResult(true, attempt, outcome);
            }

            if (status is { } final && !IsRetryable(final))
            {
                return new ReportOkResult(false, attempt, $"report refused: {outcome}");
            }
        }

        return new ReportOkResult(false, _retry.MaxAttempts, $"report not delivered after {_retry.MaxAttempts} attempts: {outcome}");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>5xx and 429 may pass on a later try (the controller is busy, starting or throttling); other answers will not.</summary>
    internal static bool IsRetryable(int status) => status >= 500 || status == 429;

    // One POST within the attempt limit: (status, the start of its body), or (null, the transport error).
    private async Task<(int? Status, string Text)> AttemptAsync(ReportOkSettings settings, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(_retry.AttemptTimeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        using var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.ReportingUrl) { Content = content };
        request.Headers.Add(CheckProtocol.RunUuidHeader, settings.RunUuid);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, await ReadStartAsync(response, attempt.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {_retry.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
        }
    }

    // The controller explains a refusal in a short plain-text body; a few hundred bytes are enough for the log.
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxShownBodyBytes];
                var length = 0;
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                return Encoding.UTF8.GetString(buffer, 0, length).ReplaceLineEndings(" ").Trim();
            }
        }
        catch (IOException)
        {
            return ""; // the status line is what counts
        }
    }

    // Resolves the host itself and connects only to loopback addresses: the URL check already
    // refuses other hosts, and this keeps a `localhost` that resolves elsewhere from leaving the machine.
    private static async ValueTask<Stream> ConnectLoopbackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var loopback = addresses.Where(IPAddress.IsLoopback).ToArray();
        if (loopback.Length == 0)
        {
            throw new HttpRequestException($"{host} is not a loopback address; the simulator does not connect to it");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(loopback, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
