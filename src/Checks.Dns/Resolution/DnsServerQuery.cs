using System.Net;
using DnsClient;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// Asks one DNS server one question through DnsClient (<see cref="DnsClientOptions"/>) and turns
/// each way that can end into a <see cref="DnsQueryOutcome"/>: DnsClient returns an RCODE as a
/// response, but no answer, a transport error or a bad answer as one of several exceptions.
/// </summary>
internal sealed class DnsServerQuery(IPEndPoint server, TimeSpan timeout, int attempts)
{
    private readonly LookupClient _client = new(DnsClientOptions.For(server, timeout, attempts));

    public IPEndPoint Server { get; } = server;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Asks for <paramref name="name"/>, which must be valid (<see cref="DnsNames.Problem"/>): DnsClient throws on others.</summary>
    public async Task<DnsQueryOutcome> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        var question = new DnsQuestion(name, type);
        try
        {
            var response = await _client.QueryAsync(question, cancellationToken).ConfigureAwait(false);
            return DnsAnswerMatch.Problem(question, response.Header, response.Questions) is { } mismatch
                ? DnsQueryOutcome.Failed(mismatch)
                : DnsQueryOutcome.Answered(response.Header.ResponseCode, response.Answers);
        }
        catch (DnsResponseException) when (cancellationToken.IsCancellationRequested)
        {
            // DnsClient reports our own cancellation as a ConnectionTimeout; the check's deadline is not the server's fault.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (DnsResponseException ex) when (ex.InnerException is TimeoutException or OperationCanceledException)
        {
            return DnsQueryOutcome.Timeout;
        }
        catch (DnsResponseException ex)
        {
            // A transport error (connection refused or reset over TCP...) is inside; DnsClient's own text says only "failed".
            return DnsQueryOutcome.Failed(ex.InnerException?.Message ?? ex.Message);
        }
        catch (DnsXidMismatchException ex)
        {
            return DnsQueryOutcome.Failed($"every answer carried another ID than its query (last {ex.ResponseXid} for {ex.RequestXid})");
        }
        catch (DnsResponseParseException ex)
        {
            return DnsQueryOutcome.Failed($"malformed answer ({ex.Message})");
        }
    }
}
