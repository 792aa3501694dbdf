using System.Net;
using DnsClient;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// DnsClient's <see cref="LookupClientOptions"/> for a health check, every option set on purpose:
/// its defaults suit an application (cache, skip a failing server, retry a SERVFAIL), which would
/// hide exactly what the check is there to see.
/// </summary>
internal static class DnsClientOptions
{
    /// <summary>No EDNS0 OPT record, as our own client before it: larger answers come truncated, then over TCP.</summary>
    public const int UdpPayloadLimit = 512;

    public static LookupClientOptions For(IPEndPoint server, TimeSpan timeout, int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        return new LookupClientOptions(server)
        {
            // Only this server: the host's own resolvers would answer for a server that is down.
            AutoResolveNameServers = false,
            UseRandomNameServer = false,

            // Every run asks the server; a cached answer (or cached failure) says nothing about it now.
            UseCache = false,
            CacheFailedResults = false,

            // A SERVFAIL or an empty answer is the result, not a reason to try again or elsewhere.
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,

            // RCODEs come back as responses that DirectResolver classifies; exceptions then mean no usable answer.
            ThrowDnsErrors = false,

            // UDP first and TCP for a truncated answer, as a stub resolver (and our client before) does.
            UseTcpOnly = false,
            UseTcpFallback = true,
            ExtendedDnsBufferSize = UdpPayloadLimit,
            RequestDnsSecRecords = false,

            Recursion = true,

            // The check's DNS_QUERY_TIMEOUT bounds each attempt; DnsClient counts retries after the first.
            Timeout = timeout,
            Retries = attempts - 1,

            EnableAuditTrail = false,
        };
    }
}
