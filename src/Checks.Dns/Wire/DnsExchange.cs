namespace HealthChecks.Checks.Dns.Wire;

/// <summary>How one query went: a matching response, no answer in time, or a transport error (e.g. ICMP port unreachable).</summary>
internal sealed record DnsExchange(DnsResponse? Response, bool TimedOut, string? Error, bool OverTcp)
{
    public static DnsExchange Answered(DnsResponse response, bool overTcp) => new(response, false, null, overTcp);

    public static DnsExchange Timeout(bool overTcp) => new(null, true, null, overTcp);

    public static DnsExchange Failed(string error, bool overTcp) => new(null, false, error, overTcp);
}
