namespace HealthChecks.Checks.Dns.Wire;

/// <summary>The record types this client asks for or follows (RFC 1035, RFC 3596).</summary>
internal enum DnsRecordType : ushort
{
    A = 1,
    CName = 5,
    Aaaa = 28,
}
