using DnsClient;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// Resolves against one DNS server (A and AAAA in parallel, through <see cref="DnsServerQuery"/>),
/// following the search list of <see cref="ResolvConf"/>: a missing name (NXDOMAIN, no records)
/// moves on to the next candidate; a failing server (SERVFAIL, REFUSED, timeout) stops, because
/// that is what the check is there to see.
/// </summary>
internal sealed class DirectResolver(DnsServerQuery query, ResolvConf resolvConf) : IHostResolver
{
    public string Description => $"DNS server {query.Server}";

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
        if (DnsNames.Problem(name) is { } problem)
        {
            return DnsLookupResult.Failure(DnsLookupStatus.Failed, $"'{name}' is not a valid DNS name ({problem})");
        }

        var a = query.QueryAsync(name, QueryType.A, cancellationToken);
        var aaaa = query.QueryAsync(name, QueryType.AAAA, cancellationToken);
        return Combine(name, [await a.ConfigureAwait(false), await aaaa.ConfigureAwait(false)], query.Timeout);
    }

    /// <summary>Addresses from either query win; otherwise the most telling failure of the two.</summary>
    internal static DnsLookupResult Combine(string name, IReadOnlyList<DnsQueryOutcome> outcomes, TimeSpan timeout)
    {
        var addresses = outcomes
            .Where(o => o.ResponseCode == DnsHeaderResponseCode.NoError)
            .SelectMany(o => CnameChain.AddressesFor(name, o.Answers))
            .Distinct()
            .ToList();
        if (addresses.Count > 0)
        {
            return DnsLookupResult.Resolved(addresses);
        }

        var failures = outcomes.Select(o => Classify(name, o, timeout)).ToList();
        return failures.OrderBy(f => Severity(f.Status)).First();
    }

    private static DnsLookupResult Classify(string name, DnsQueryOutcome outcome, TimeSpan timeout)
    {
        if (outcome.TimedOut)
        {
            return DnsLookupResult.Failure(DnsLookupStatus.TimedOut, $"no answer for {name} within {timeout.TotalSeconds:0.###}s");
        }

        return outcome.ResponseCode switch
        {
            null => DnsLookupResult.Failure(DnsLookupStatus.Failed, $"query for {name} failed: {outcome.Error}"),
            DnsHeaderResponseCode.NoError => DnsLookupResult.Failure(DnsLookupStatus.NoAnswer, $"{name} has no A or AAAA record"),
            DnsHeaderResponseCode.NotExistentDomain => DnsLookupResult.Failure(DnsLookupStatus.NameNotFound, $"{name} does not exist (NXDOMAIN)"),
            DnsHeaderResponseCode.ServerFailure => DnsLookupResult.Failure(DnsLookupStatus.ServerFailure, $"server failure (SERVFAIL) for {name}"),
            DnsHeaderResponseCode.Refused => DnsLookupResult.Failure(DnsLookupStatus.Refused, $"query for {name} refused (REFUSED)"),
            { } code => DnsLookupResult.Failure(DnsLookupStatus.Failed, $"query for {name} answered with RCODE {(int)code} ({code})"),
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
