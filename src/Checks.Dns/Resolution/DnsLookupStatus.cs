namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>How a name lookup ended. The failures are told apart because they mean different things to an operator.</summary>
internal enum DnsLookupStatus
{
    /// <summary>At least one address.</summary>
    Resolved,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NameNotFound,

    /// <summary>NOERROR but no A or AAAA record: the name exists without addresses.</summary>
    NoAnswer,

    /// <summary>SERVFAIL: the server could not answer (e.g. its upstream failed).</summary>
    ServerFailure,

    /// <summary>REFUSED: the server will not answer us.</summary>
    Refused,

    /// <summary>No answer within the timeout.</summary>
    TimedOut,

    /// <summary>Anything else: a transport error, another RCODE, a malformed answer.</summary>
    Failed,
}
