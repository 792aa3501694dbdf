using System.Net;
using HealthChecks.Checks.Dns.Resolution;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>Every DnsClient option the check depends on, pinned: a default creeping back would hide failures.</summary>
public sealed class DnsClientOptionsTests
{
    [Fact]
    public void For_SetsEveryOptionForAHealthCheck()
    {
        var server = IPEndPoint.Parse("127.0.0.53:5353");

        var options = DnsClientOptions.For(server, TimeSpan.FromSeconds(3), attempts: 2);

        Assert.Equal([("127.0.0.53", 5353)], options.NameServers.Select(n => (n.Address, n.Port)));
        Assert.False(options.AutoResolveNameServers);
        Assert.False(options.UseRandomNameServer);
        Assert.False(options.UseCache);
        Assert.False(options.CacheFailedResults);
        Assert.False(options.ContinueOnDnsError);
        Assert.False(options.ContinueOnEmptyResponse);
        Assert.False(options.ThrowDnsErrors);
        Assert.False(options.UseTcpOnly);
        Assert.True(options.UseTcpFallback);
        Assert.Equal(512, options.ExtendedDnsBufferSize);
        Assert.False(options.RequestDnsSecRecords);
        Assert.True(options.Recursion);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(1, options.Retries);
        Assert.False(options.EnableAuditTrail);
    }

    [Fact]
    public void For_OneAttempt_NoRetry() => Assert.Equal(0, DnsClientOptions.For(IPEndPoint.Parse("127.0.0.1:53"), TimeSpan.FromSeconds(1), attempts: 1).Retries);

    [Fact]
    public void For_NoAttempt_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DnsClientOptions.For(IPEndPoint.Parse("127.0.0.1:53"), TimeSpan.FromSeconds(1), attempts: 0));
}
