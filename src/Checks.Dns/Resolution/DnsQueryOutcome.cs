using DnsClient;
using DnsClient.Protocol;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// How one question to one server went: a response (its RCODE and answer records), no answer
/// within the attempts, or another failure (transport error, malformed or mismatched answer).
/// </summary>
internal sealed record DnsQueryOutcome(DnsHeaderResponseCode? ResponseCode, IReadOnlyList<DnsResourceRecord> Answers, bool TimedOut, string? Error)
{
    public static DnsQueryOutcome Timeout { get; } = new(null, [], true, null);

    public static DnsQueryOutcome Answered(DnsHeaderResponseCode code, IReadOnlyList<DnsResourceRecord> answers) => new(code, answers, false, null);

    public static DnsQueryOutcome Failed(string error) => new(null, [], false, error);
}
