using HealthChecks.Checks.Dns.Resolution;
using static HealthChecks.Checks.Tests.Dns.DirectResolverDnsmasqTests;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>DirectResolver against fakes of misbehaving servers on loopback (<see cref="ScriptedDnsServer"/>): nothing they say is taken for an answer.</summary>
public sealed class DirectResolverMisbehavingServerTests
{
    private const int NxDomain = 3;
    private const int ServFail = 2;
    private const ushort TxtType = 16;

    [Fact]
    public async Task Resolve_ForgedIdBeforeEachAnswer_NeitherIsTaken()
    {
        // A forged NXDOMAIN with another ID, then the real SERVFAIL. DnsClient reads one datagram per
        // attempt: the forged one fails the attempt, the real one is never read (our old client kept
        // listening), and after the last attempt the lookup fails: the forgery never counts.
        await using var server = new ScriptedDnsServer(query => [ScriptedDnsServer.Reply(query, NxDomain, id: ScriptedDnsServer.OtherId(query)), ScriptedDnsServer.Reply(query, ServFail)]);

        var result = await Resolver(server.Endpoint).ResolveAsync("anything.test", default);

        Assert.Equal(DnsLookupStatus.Failed, result.Status);
        Assert.StartsWith("query for anything.test failed: every answer carried another ID than its query", result.Detail, StringComparison.Ordinal);
        Assert.Equal(4, server.Queries); // A and AAAA, two attempts each
    }

    [Fact]
    public async Task Resolve_ForgedIdOnTheFirstAttempt_TheRetrysAnswerCounts()
    {
        var seen = new HashSet<string>(); // the script runs on the server's one receive loop
        await using var server = new ScriptedDnsServer(query =>
            [seen.Add(Convert.ToHexString(query.AsSpan(2))) ? ScriptedDnsServer.Reply(query, NxDomain, id: ScriptedDnsServer.OtherId(query)) : ScriptedDnsServer.Reply(query, ServFail)]);

        var result = await Resolver(server.Endpoint).ResolveAsync("anything.test", default);

        Assert.Equal(DnsLookupStatus.ServerFailure, result.Status);
        Assert.Equal("server failure (SERVFAIL) for anything.test", result.Detail);
    }

    [Fact]
    public async Task Resolve_AnswerToAnotherQuestion_IsNotTaken()
    {
        await using var server = new ScriptedDnsServer(query => [ScriptedDnsServer.Reply(query, NxDomain, questionType: TxtType)]);

        var result = await Resolver(server.Endpoint).ResolveAsync("anything.test", default);

        Assert.Equal(DnsLookupStatus.Failed, result.Status);
        Assert.Equal("query for anything.test failed: the answer is for another question (anything.test. TXT)", result.Detail);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("pointer loop")]
    public async Task Resolve_MalformedAnswer_Fails(string kind)
    {
        // DnsClient takes a UDP answer it cannot parse for a truncated one and asks again over TCP,
        // where nothing listens on the fake's port: the lookup fails either way, and does not hang.
        await using var server = new ScriptedDnsServer(query => [kind == "short" ? new byte[5] : [query[0], query[1], 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]]);

        var result = await Resolver(server.Endpoint).ResolveAsync("anything.test", default).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(DnsLookupStatus.Failed, result.Status);
        Assert.StartsWith("query for anything.test failed: ", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty label")]
    [InlineData("a..b", "empty label")]
    [InlineData("this-label-is-far-too-long-for-dns-because-it-has-more-than-63-chars.test", "Label '1' is longer than 63 bytes.")]
    public async Task Resolve_InvalidName_FailsWithoutAQuery(string name, string why)
    {
        await using var server = new ScriptedDnsServer(query => [ScriptedDnsServer.Reply(query, NxDomain)]);

        var result = await Resolver(server.Endpoint).ResolveAsync(name, default);

        Assert.Equal(DnsLookupStatus.Failed, result.Status);
        Assert.Equal($"'{name}' is not a valid DNS name ({why})", result.Detail);
        Assert.Equal(0, server.Queries);
    }
}
