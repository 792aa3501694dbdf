using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HealthChecks.Controller.Metrics;

namespace HealthChecks.BadInput.Tests;

/// <summary>
/// Sends reports to the controller as an attacker on the network would: through HttpClient (from
/// any loopback address, so a flood can come from many sources), or as raw bytes on a socket for
/// what HttpClient refuses to send. Also reads <c>kuberhealthy_reports_total</c>.
/// </summary>
internal static class Intake
{
    public const string RunUuidHeader = "kh-run-uuid";

    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.0.0.0/8 address).</summary>
    public static HttpClient From(IPAddress source, int connections = 8) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> with the run uuid header (none when null); returns the status and the answer's text.</summary>
    public static async Task<(int Status, string Text)> PostAsync(string url, string? runUuid, HttpContent body, HttpClient? client = null, string path = "/check", bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url + path) { Content = body };
        request.Headers.TransferEncodingChunked = chunked;
        if (runUuid is not null)
        {
            request.Headers.TryAddWithoutValidation(RunUuidHeader, runUuid);
        }

        using var response = await (client ?? Http).SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<(int Status, string Text)> PostAsync(string url, string? runUuid, string json, HttpClient? client = null, string path = "/check") =>
        PostAsync(url, runUuid, new StringContent(json, Encoding.UTF8, "application/json"), client, path);

    /// <summary>
    /// Writes <paramref name="request"/> as it is to a new connection and returns the answer's status
    /// code (0 when the server closed without one). The server may answer and close before the whole
    /// request is written; that answer counts.
    /// </summary>
    public static async Task<(int Status, string Text)> RawAsync(int port, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // Closed while we wrote: read what it answered before closing.
        }

        var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0 && answer.Length < 1 << 20)
            {
                answer.Write(buffer, 0, read);
                if (Complete(answer))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
        }

        var text = Encoding.UTF8.GetString(answer.ToArray());
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && text.Length >= 12 ? int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture) : 0;
        return (status, text);
    }

    /// <summary>A raw HTTP/1.1 POST of <paramref name="body"/> with <paramref name="headerLines"/> (each without its CRLF) and a matching Content-Length.</summary>
    public static byte[] RawPost(string path, IEnumerable<string> headerLines, byte[] body)
    {
        var head = new StringBuilder().Append("POST ").Append(path).Append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var line in headerLines)
        {
            head.Append(line).Append("\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    /// <summary><c>kuberhealthy_reports_total</c> by outcome label, from the controller's <c>/metrics</c>.</summary>
    public static async Task<Dictionary<string, double>> OutcomesAsync(string url)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await Http.GetStringAsync(new Uri(url + "/metrics"))).Split('\n').Where(l => l.StartsWith("kuberhealthy_reports_total{", StringComparison.Ordinal)))
        {
            var outcome = line.Split("outcome=\"")[1].Split('"')[0];
            counts[outcome] = counts.GetValueOrDefault(outcome) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>The outcome label an answer stands for, told by its status and text (see ReportEndpoints and ReportIntake).</summary>
    public static string OutcomeOf(int status, string text) => IntakeOutcomes.Label(status switch
    {
        200 => IntakeOutcome.Stored,
        413 => IntakeOutcome.TooLarge,
        410 => IntakeOutcome.Late,
        429 => IntakeOutcome.Throttled,
        503 when text.Contains("too many reports at once", StringComparison.Ordinal) => IntakeOutcome.Throttled,
        503 when text.Contains("too many reports wait", StringComparison.Ordinal) => IntakeOutcome.Busy,
        503 => IntakeOutcome.UnknownRun,
        400 when text.Contains("is unknown", StringComparison.Ordinal) => IntakeOutcome.UnknownRun,
        400 when text.Contains("superseded", StringComparison.Ordinal) => IntakeOutcome.Superseded,
        400 when text.Contains("already reported", StringComparison.Ordinal) => IntakeOutcome.Duplicate,
        400 when text.StartsWith("no " + RunUuidHeader, StringComparison.Ordinal) => IntakeOutcome.NoRun,
        400 => IntakeOutcome.Malformed,
        _ => throw new InvalidOperationException($"an answer the intake never gives: {status} {text}"),
    });

    // Enough of an answer: the head and, with Content-Length, the body.
    private static bool Complete(MemoryStream answer)
    {
        var text = Encoding.Latin1.GetString(answer.GetBuffer(), 0, (int)answer.Length);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var length = text[..end].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && text.Length - end - 4 >= int.Parse(length.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
    }
}
