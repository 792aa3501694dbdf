using System.Diagnostics;
using System.Net;
using HealthChecks.Checks.Dns.Resolution;
using HealthChecks.Checks.Dns.Wire;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>Our DNS queries against a real dnsmasq (and scripted servers) on loopback.</summary>
public sealed class DirectResolverDnsmasqTests : IAsyncLifetime
{
    private DnsmasqServer _dnsmasq = null!;

    public async Task InitializeAsync() => _dnsmasq = await DnsmasqServer.StartAsync();

    public async Task DisposeAsync() => await _dnsmasq.DisposeAsync();

    private static DirectResolver Resolver(IPEndPoint server, TimeSpan? timeout = null, ResolvConf? conf = null) =>
        new(new DnsWireClient(server, timeout ?? TimeSpan.FromSeconds(2)), conf ?? ResolvConf.Empty);

    [Fact]
    public async Task Resolve_PresentName_GivesItsAAndAaaaAddresses()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.Present, default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Equal(new HashSet<IPAddress> { DnsmasqServer.PresentV4, DnsmasqServer.PresentV6 }, result.Addresses.ToHashSet());
    }

    [Fact]
    public async Task Resolve_Cname_FollowsTheChainInTheAnswer()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.Alias, default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Contains(DnsmasqServer.PresentV4, result.Addresses);
    }

    [Fact]
    public async Task Resolve_AbsentName_IsNxdomain()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync("missing.health.test", default);

        Assert.Equal(DnsLookupStatus.NameNotFound, result.Status);
        Assert.Equal("missing.health.test does not exist (NXDOMAIN)", result.Detail);
    }

    [Fact]
    public async Task Resolve_NameWithoutAddresses_IsNoAnswer()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.AddressLess, default);

        Assert.Equal(DnsLookupStatus.NoAnswer, result.Status);
    }

    [Fact]
    public async Task Resolve_NameOutsideTheServersZones_IsRefused()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync("example.org", default);

        Assert.Equal(DnsLookupStatus.Refused, result.Status);
    }

    [Fact]
    public async Task Query_TruncatedOverUdp_RetriedOverTcpWithEveryRecord()
    {
        var client = new DnsWireClient(_dnsmasq.Endpoint, TimeSpan.FromSeconds(2));

        var exchange = await client.QueryAsync(DnsmasqServer.Big, DnsRecordType.A, default);

        Assert.True(exchange.OverTcp);
        Assert.False(exchange.Response!.Truncated);
        Assert.Equal(DnsmasqServer.BigCount, exchange.Response.Answers.Count(r => r.Type == DnsRecordType.A));
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.Big, default);
        Assert.Equal(DnsmasqServer.BigCount, result.Addresses.Count);
    }

    [Fact]
    public async Task Resolve_SearchList_TriesTheSearchDomainsLikeAPod()
    {
        var podConf = ResolvConf.Parse("search default.svc.health.test health.test\noptions ndots:5\n");

        var result = await Resolver(_dnsmasq.Endpoint, conf: podConf).ResolveAsync("api", default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Contains(DnsmasqServer.PresentV4, result.Addresses);
    }

    [Fact]
    public async Task Resolve_ServerSaysServfail_IsServerFailure()
    {
        await using var server = new ScriptedDnsServer(query => [ScriptedDnsServer.Reply(query, rcode: 2)]);

        var result = await Resolver(server.Endpoint).ResolveAsync("anything.test", default);

        Assert.Equal(DnsLookupStatus.ServerFailure, result.Status);
        Assert.Equal("server failure (SERVFAIL) for anything.test", result.Detail);
    }

    [Fact]
    public async Task Query_AnswerWithAnotherId_IsIgnored()
    {
        // First a forged NXDOMAIN with a wrong ID, then the real answer (SERVFAIL): only the second counts.
        await using var server = new ScriptedDnsServer(query =>
            [ScriptedDnsServer.Reply(query, rcode: 3, id: (ushort)(((query[0] << 8) | query[1]) ^ 0xFFFF)), ScriptedDnsServer.Reply(query, rcode: 2)]);

        var exchange = await new DnsWireClient(server.Endpoint, TimeSpan.FromSeconds(2)).QueryAsync("anything.test", DnsRecordType.A, default);

        Assert.Equal(DnsResponseCode.ServerFailure, exchange.Response!.ResponseCode);
    }

    [Fact]
    public async Task Resolve_SilentServer_TimesOutWithinTheBound()
    {
        await using var silent = new ScriptedDnsServer(_ => []);
        var clock = Stopwatch.StartNew();

        var result = await Resolver(silent.Endpoint, TimeSpan.FromMilliseconds(300)).ResolveAsync("anything.test", default);

        Assert.Equal(DnsLookupStatus.TimedOut, result.Status);
        Assert.Equal(4, silent.Queries); // A and AAAA, two attempts each
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(3));
    }
}
