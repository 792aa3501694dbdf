using DnsClient;
using HealthChecks.Checks.Dns.Resolution;
using static HealthChecks.Checks.Tests.Dns.DnsRecords;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>How the A and AAAA outcomes of one name become one result: no I/O.</summary>
public sealed class DirectResolverCombineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1.5);

    private static DnsQueryOutcome Code(DnsHeaderResponseCode code) => DnsQueryOutcome.Answered(code, []);

    [Fact]
    public void Combine_OneQueryAnswersTheOtherTimesOut_IsResolved()
    {
        var answered = DnsQueryOutcome.Answered(DnsHeaderResponseCode.NoError, [A("a.test.", "10.0.0.1")]);

        var result = DirectResolver.Combine("a.test", [answered, DnsQueryOutcome.Timeout], Timeout);

        Assert.True(result.IsResolved);
        Assert.Equal("10.0.0.1", result.Detail);
    }

    [Fact]
    public void Combine_NxdomainAndServfail_ReportsTheServerFailure() =>
        Assert.Equal(DnsLookupStatus.ServerFailure, DirectResolver.Combine("a.test", [Code(DnsHeaderResponseCode.NotExistentDomain), Code(DnsHeaderResponseCode.ServerFailure)], Timeout).Status);

    [Fact]
    public void Combine_RefusedAndTimeout_ReportsTheRefusal() =>
        Assert.Equal(DnsLookupStatus.Refused, DirectResolver.Combine("a.test", [DnsQueryOutcome.Timeout, Code(DnsHeaderResponseCode.Refused)], Timeout).Status);

    [Fact]
    public void Combine_BothTimedOut_NamesTheTimeout()
    {
        var result = DirectResolver.Combine("a.test", [DnsQueryOutcome.Timeout, DnsQueryOutcome.Timeout], Timeout);

        Assert.Equal(DnsLookupStatus.TimedOut, result.Status);
        Assert.Equal("no answer for a.test within 1.5s", result.Detail);
    }

    [Fact]
    public void Combine_TransportFailure_CarriesTheReason()
    {
        var failed = DnsQueryOutcome.Failed("Connection refused");

        var result = DirectResolver.Combine("a.test", [failed, failed], Timeout);

        Assert.Equal(DnsLookupStatus.Failed, result.Status);
        Assert.Equal("query for a.test failed: Connection refused", result.Detail);
    }

    [Fact]
    public void Combine_AnotherRcode_NamesIt()
    {
        var result = DirectResolver.Combine("a.test", [Code(DnsHeaderResponseCode.FormatError), Code(DnsHeaderResponseCode.NotImplemented)], Timeout);

        Assert.Equal(DnsLookupStatus.Failed, result.Status);
        Assert.Equal("query for a.test answered with RCODE 1 (FormatError)", result.Detail);
    }

    [Fact]
    public void Combine_AddressesOfAnotherNameOnly_IsNoAnswer()
    {
        var result = DirectResolver.Combine("a.test", [DnsQueryOutcome.Answered(DnsHeaderResponseCode.NoError, [A("b.test.", "10.0.0.2")]), Code(DnsHeaderResponseCode.NoError)], Timeout);

        Assert.Equal(DnsLookupStatus.NoAnswer, result.Status);
        Assert.Equal("a.test has no A or AAAA record", result.Detail);
    }

    [Fact]
    public void Combine_AddressesInAnErrorAnswer_DoNotCount() =>
        Assert.Equal(DnsLookupStatus.NameNotFound, DirectResolver.Combine("a.test", [DnsQueryOutcome.Answered(DnsHeaderResponseCode.NotExistentDomain, [A("a.test.", "10.0.0.1")]), Code(DnsHeaderResponseCode.NotExistentDomain)], Timeout).Status);
}
