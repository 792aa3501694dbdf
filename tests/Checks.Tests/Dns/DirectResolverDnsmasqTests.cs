using System.Diagnostics;
using System.Net;
using HealthChecks.Checks.Dns.Resolution;
using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>DirectResolver (DnsClient underneath) against a real dnsmasq on loopback, and a silent socket for the timeout.</summary>
public sealed class DirectResolverDnsmasqTests : IAsyncLifetime
{
    private DnsmasqServer _dnsmasq = null!;

    public async Task InitializeAsync() => _dnsmasq = await DnsmasqServer.StartAsync();

    public async Task DisposeAsync() => await _dnsmasq.DisposeAsync();

    internal static DirectResolver Resolver(IPEndPoint server, TimeSpan? timeout = null, ResolvConf? conf = null) =>
        new(new DnsServerQuery(server, timeout ?? TimeSpan.FromSeconds(2), attempts: 2), conf ?? ResolvConf.Empty);

    [Fact]
    public async Task Resolve_PresentName_GivesItsAAndAaaaAddresses()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.Present, default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Equal(new HashSet<IPAddress> { DnsmasqServer.PresentV4, DnsmasqServer.PresentV6 }, result.Addresses.ToHashSet());
    }

    [Theory]
    [InlineData(DnsmasqServer.V4Only, "10.0.0.4")]
    [InlineData(DnsmasqServer.V6Only, "fd00::6")]
    public async Task Resolve_NameWithOneFamily_GivesThatAddressAlone(string name, string address)
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(name, default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Equal([IPAddress.Parse(address)], result.Addresses);
    }

    [Fact]
    public async Task Resolve_Cname_FollowsTheChainInTheAnswer()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.Alias, default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Contains(DnsmasqServer.PresentV4, result.Addresses);
    }

    [Fact]
    public async Task Resolve_CnameToCname_FollowsTheWholeChain()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.Chain, default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Equal(new HashSet<IPAddress> { DnsmasqServer.PresentV4, DnsmasqServer.PresentV6 }, result.Addresses.ToHashSet());
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
        Assert.Equal($"{DnsmasqServer.AddressLess} has no A or AAAA record", result.Detail);
    }

    [Fact]
    public async Task Resolve_NameOutsideTheServersZones_IsRefused()
    {
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync("example.org", default);

        Assert.Equal(DnsLookupStatus.Refused, result.Status);
        Assert.Equal("query for example.org refused (REFUSED)", result.Detail);
    }

    [Fact]
    public async Task Resolve_ValidatingServerCannotValidate_IsServerFailure()
    {
        await using var validating = await DnsmasqServer.StartValidatingAsync(_dnsmasq);

        var result = await Resolver(validating.Endpoint).ResolveAsync(DnsmasqServer.Present, default);

        Assert.Equal(DnsLookupStatus.ServerFailure, result.Status);
        Assert.Equal($"server failure (SERVFAIL) for {DnsmasqServer.Present}", result.Detail);
    }

    [Fact]
    public async Task Resolve_TruncatedOverUdp_RetriedOverTcpWithEveryRecord()
    {
        // 60 A records take 12 + 21 + 60 × 16 = 993 bytes: more than a 512-byte UDP answer holds
        // (no EDNS0), so every one of them can only have come over TCP.
        var result = await Resolver(_dnsmasq.Endpoint).ResolveAsync(DnsmasqServer.Big, default);

        Assert.Equal(DnsLookupStatus.Resolved, result.Status);
        Assert.Equal(Enumerable.Range(1, DnsmasqServer.BigCount).Select(i => IPAddress.Parse($"10.1.0.{i}")).ToHashSet(), result.Addresses.ToHashSet());
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
    public async Task Resolve_SearchListCandidateRefused_StopsThere()
    {
        // api.example.org is refused before api.health.test (which exists) is tried: a failing server is the finding.
        var conf = ResolvConf.Parse("search example.org health.test\noptions ndots:5\n");

        var result = await Resolver(_dnsmasq.Endpoint, conf: conf).ResolveAsync("api", default);

        Assert.Equal(DnsLookupStatus.Refused, result.Status);
        Assert.Equal("query for api.example.org refused (REFUSED)", result.Detail);
    }

    [Fact]
    public async Task Resolve_SearchListEveryCandidateMissing_ReportsTheLastOne()
    {
        // missing.health.test.default.svc.health.test, then missing.health.test: both NXDOMAIN.
        var conf = ResolvConf.Parse("search default.svc.health.test\noptions ndots:5\n");

        var result = await Resolver(_dnsmasq.Endpoint, conf: conf).ResolveAsync("missing.health.test", default);

        Assert.Equal(DnsLookupStatus.NameNotFound, result.Status);
        Assert.Equal("missing.health.test does not exist (NXDOMAIN)", result.Detail);
    }

    [Fact]
    public async Task Resolve_SilentServer_TimesOutWithinTheBound()
    {
        await using var silent = new ScriptedDnsServer(_ => []);
        var clock = Stopwatch.StartNew();

        var result = await Resolver(silent.Endpoint, TimeSpan.FromMilliseconds(300)).ResolveAsync("anything.test", default);

        Assert.Equal(DnsLookupStatus.TimedOut, result.Status);
        Assert.Equal("no answer for anything.test within 0.3s", result.Detail);
        Assert.Equal(4, silent.Queries); // A and AAAA, two attempts each
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Resolve_NothingListening_IsATimeout()
    {
        // DnsClient's UDP socket is not connected, so the port-unreachable reply is never seen: a
        // closed port looks like a silent server (our old client, connected, said "refused" at once).
        var closed = new IPEndPoint(IPAddress.Loopback, FreePort.UdpAndTcp());

        var result = await Resolver(closed, TimeSpan.FromMilliseconds(300)).ResolveAsync("anything.test", default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DnsLookupStatus.TimedOut, result.Status);
        Assert.Equal("no answer for anything.test within 0.3s", result.Detail);
    }
}
