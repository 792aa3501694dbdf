using DnsClient;
using HealthChecks.Checks.Dns.Resolution;

namespace HealthChecks.Checks.Tests.Dns;

public sealed class DnsAnswerMatchTests
{
    private const ushort ResponseFlag = 0x8000;
    private static readonly DnsQuestion Asked = new("api.health.test", QueryType.A);

    private static DnsResponseHeader Header(ushort flags) => new(1, flags, 1, 0, 0, 0);

    [Fact]
    public void Problem_SameQuestionAnyCase_IsNull() =>
        Assert.Null(DnsAnswerMatch.Problem(Asked, Header(ResponseFlag), [new DnsQuestion("API.Health.Test.", QueryType.A)]));

    [Fact]
    public void Problem_NoQuestionEchoed_IsNull() => Assert.Null(DnsAnswerMatch.Problem(Asked, Header(ResponseFlag), []));

    [Fact]
    public void Problem_NotAResponse_SaysSo() =>
        Assert.Equal("the answer is not marked as a response (QR=0)", DnsAnswerMatch.Problem(Asked, Header(0), [Asked]));

    [Fact]
    public void Problem_AnotherName_NamesIt() =>
        Assert.Equal("the answer is for another question (other.health.test. A)", DnsAnswerMatch.Problem(Asked, Header(ResponseFlag), [new DnsQuestion("other.health.test", QueryType.A)]));

    [Fact]
    public void Problem_AnotherType_NamesIt() =>
        Assert.Equal("the answer is for another question (api.health.test. AAAA)", DnsAnswerMatch.Problem(Asked, Header(ResponseFlag), [new DnsQuestion("api.health.test", QueryType.AAAA)]));
}
