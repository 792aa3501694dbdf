using System.Net;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>The outcome of resolving one name, with the text an operator reads in the failure.</summary>
internal sealed record DnsLookupResult(DnsLookupStatus Status, IReadOnlyList<IPAddress> Addresses, string Detail)
{
    public bool IsResolved => Status == DnsLookupStatus.Resolved;

    public static DnsLookupResult Resolved(IReadOnlyList<IPAddress> addresses) =>
        new(DnsLookupStatus.Resolved, addresses, string.Join(", ", addresses));

    public static DnsLookupResult Failure(DnsLookupStatus status, string detail) => new(status, [], detail);
}
