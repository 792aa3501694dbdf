using System.Net;
using HealthChecks.Checks.Dns.Wire;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// Resolves against one DNS server with our own queries (A and AAAA in parallel), following the
/// search list of <see cref="ResolvConf"/>: a missing name (NXDOMAIN, no records) moves on to the
/// next candidate; a failing server (SERVFAIL, REFUSED, timeout) stops, because that is what the
/// check is there to see.
/// </summary>
internal sealed class DirectResolver(DnsWireClient client, ResolvConf resolvConf) : IHostResolver
{
    private const int MaxAliases = 16;

    public string Description => $"DNS server {client.Server}";

    public async Task<DnsLookupResult> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        DnsLookupResult? last = null;
        foreach (var candidate in resolvConf.CandidatesFor(name))
        {
            last = await ResolveOneAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (last.Status is not (DnsLookupStatus.NameNotFound or DnsLookupStatus.NoAnswer))
            {
                return last;
            }
        }

        return last ?? DnsLookupResult.Failure(DnsLookupStatus.Failed, $"no name to query for '{name}'");
    }

    internal async Task<DnsLookupResult> ResolveOneAsync(string name, CancellationToken cancellationToken)
    {
        var a = client.QueryAsync(name, DnsRecordType.A, cancellationToken);
        var aaaa = client.QueryAsync(name, DnsRecordType.Aaaa, cancellationToken);
        return Combine(name, [await a.ConfigureAwait(false), await aaaa.ConfigureAwait(false)], client.Timeout);
    }

    /// <summary>Addresses from either query win; otherwise the most telling failure of the two.</summary>
    internal static DnsLookupResult Combine(string name, IReadOnlyList<DnsExchange> exchanges, TimeSpan timeout)
    {
        var addresses = exchanges
            .Where(e => e.Response is { ResponseCode: DnsResponseCode.NoError })
            .SelectMany(e => AddressesFor(name, e.Response!))
            .Distinct()
            .ToList();
        if (addresses.Count > 0)
        {
            return DnsLookupResult.Resolved(addresses);
        }

        var failures = exchanges.Select(e => Classify(name, e, timeout)).ToList();
        return failures.OrderBy(f => Severity(f.Status)).First();
    }

    /// <summary>The addresses for <paramref name="name"/>, following a CNAME chain within the answer section.</summary>
    internal static IEnumerable<IPAddress> AddressesFor(string name, DnsResponse response)
    {
        var owners = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name.TrimEnd('.') };
        var current = name.TrimEnd('.');
        for (var i = 0; i < MaxAliases; i++)
        {
            var alias = response.Answers.FirstOrDefault(r => r.Type == DnsRecordType.CName && string.Equals(r.Name, current, StringComparison.OrdinalIgnoreCase));
            if (alias?.Target is null || !owners.Add(alias.Target))
            {
                break;
            }

            current = alias.Target;
        }

        return response.Answers.Where(r => r.Address is not null && owners.Contains(r.Name)).Select(r => r.Address!);
    }

    private static DnsLookupResult Classify(string name, DnsExchange exchange, TimeSpan timeout)
    {
        if (exchange.TimedOut)
        {
            return DnsLookupResult.Failure(DnsLookupStatus.TimedOut, $"no answer for {name} within {timeout.TotalSeconds:0.###}s" + (exchange.OverTcp ? " over TCP" : ""));
        }

        if (exchange.Response is not { } response)
        {
            return DnsLookupResult.Failure(DnsLookupStatus.Failed, $"query for {name} failed: {exchange.Error}");
        }

        return response.ResponseCode switch
        {
            DnsResponseCode.NoError => DnsLookupResult.Failure(DnsLookupStatus.NoAnswer, $"{name} has no A or AAAA record"),
            DnsResponseCode.NameError => DnsLookupResult.Failure(DnsLookupStatus.NameNotFound, $"{name} does not exist (NXDOMAIN)"),
            DnsResponseCode.ServerFailure => DnsLookupResult.Failure(DnsLookupStatus.ServerFailure, $"server failure (SERVFAIL) for {name}"),
            DnsResponseCode.Refused => DnsLookupResult.Failure(DnsLookupStatus.Refused, $"query for {name} refused (REFUSED)"),
            var code => DnsLookupResult.Failure(DnsLookupStatus.Failed, $"query for {name} answered with RCODE {(int)code} ({code})"),
        };
    }

    private static int Severity(DnsLookupStatus status) => status switch
    {
        DnsLookupStatus.ServerFailure => 0,
        DnsLookupStatus.Refused => 1,
        DnsLookupStatus.TimedOut => 2,
        DnsLookupStatus.Failed => 3,
        DnsLookupStatus.NameNotFound => 4,
        _ => 5,
    };
}
