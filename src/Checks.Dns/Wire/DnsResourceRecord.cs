using System.Net;

namespace HealthChecks.Checks.Dns.Wire;

/// <summary>One answer record: an address (A, AAAA) or an alias target (CNAME); other types keep neither.</summary>
internal sealed record DnsResourceRecord(string Name, DnsRecordType Type, uint Ttl, IPAddress? Address, string? Target);
