namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>Resolves a host name to addresses one way (the system resolver, or one given DNS server).</summary>
internal interface IHostResolver
{
    /// <summary>Who answers, for messages: "the system resolver" or "DNS server 10.96.0.10:53".</summary>
    string Description { get; }

    Task<DnsLookupResult> ResolveAsync(string name, CancellationToken cancellationToken);
}
