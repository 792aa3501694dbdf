using System.Net;
using HealthChecks.CheckSdk.Networking;
using HealthChecks.Checks.Dns;
using HealthChecks.Checks.Dns.Resolution;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>The whole DNS check in its DNS_SERVER mode, against a real dnsmasq; the failure text as upstream words it.</summary>
public sealed class DnsCheckTests : IAsyncLifetime
{
    private DnsmasqServer _dnsmasq = null!;
    private CheckHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _dnsmasq = await DnsmasqServer.StartAsync();
        _harness = await CheckHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _dnsmasq.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private async Task<(bool Ok, IReadOnlyList<string> Errors)> RunAsync(DnsCheckOptions options)
    {
        var context = _harness.Context(TimeSpan.FromMinutes(1));
        var check = new DnsCheck(options, () => throw new InvalidOperationException("no cluster in this test"), ResolvConf.Empty, PodAddressMap.Identity, NullLogger.Instance);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var report = await check.RunAsync(context, limit.Token);
        return (report.OK, report.Errors);
    }

    private DnsCheckOptions Options(string host, params IPAddress[] expected) => new()
    {
        Hostname = host,
        NodeMinAge = TimeSpan.Zero,
        DnsServers = [_dnsmasq.Endpoint],
        ExpectedAddresses = expected,
        QueryTimeout = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task Run_NameResolves_Passes() =>
        Assert.Equal((true, Array.Empty<string>()), await RunAsync(Options(DnsmasqServer.Present, DnsmasqServer.PresentV4)) is var (ok, errors) ? (ok, errors.ToArray()) : default);

    [Fact]
    public async Task Run_NameAbsent_FailsWithUpstreamWording()
    {
        var (ok, errors) = await RunAsync(Options("missing.health.test"));

        Assert.False(ok);
        Assert.Equal($"DNS Status check determined that missing.health.test is DOWN: DNS server {_dnsmasq.Endpoint}: missing.health.test does not exist (NXDOMAIN)", Assert.Single(errors));
    }

    [Fact]
    public async Task Run_ExpectedAddressMissing_Fails()
    {
        var (ok, errors) = await RunAsync(Options(DnsmasqServer.Present, IPAddress.Parse("10.9.9.9")));

        Assert.False(ok);
        Assert.Contains("missing expected 10.9.9.9", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OneOfTwoServersSilent_OneErrorNamingThatServer()
    {
        await using var silent = new ScriptedDnsServer(_ => []);
        var (ok, errors) = await RunAsync(Options(DnsmasqServer.Present) with { DnsServers = [_dnsmasq.Endpoint, silent.Endpoint], QueryTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.False(ok);
        var error = Assert.Single(errors);
        Assert.Contains($"DNS server {silent.Endpoint}: no answer for {DnsmasqServer.Present} within 0.3s", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TokenFires_ReportsUpstreamTimeoutMessage()
    {
        await using var silent = new ScriptedDnsServer(_ => []);
        var context = _harness.Context(TimeSpan.FromMinutes(1));
        var check = new DnsCheck(Options(DnsmasqServer.Present) with { DnsServers = [silent.Endpoint], QueryTimeout = TimeSpan.FromSeconds(30) }, () => throw new InvalidOperationException(), ResolvConf.Empty, PodAddressMap.Identity, NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var report = await check.RunAsync(context, stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DnsCheck.TimeoutMessage, Assert.Single(report.Errors));
    }

    [Fact]
    public async Task SystemResolver_Localhost_Resolves()
    {
        // getaddrinfo answers "localhost" from /etc/hosts: no network needed.
        var result = await new SystemResolver(TimeSpan.FromSeconds(5)).ResolveAsync("localhost", default);
        Assert.True(result.IsResolved, result.Detail);
        Assert.Contains(result.Addresses, IPAddress.IsLoopback);
    }
}
