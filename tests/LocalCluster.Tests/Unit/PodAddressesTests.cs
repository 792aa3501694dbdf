using HealthChecks.LocalCluster.Pods;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class PodAddressesTests
{
    [Fact]
    public void Allocate_GivesDistinctPodNetworkAddresses_SkippingReservedOnes()
    {
        var addresses = new PodAddresses();
        Assert.True(addresses.TryReserve("10.244.0.2"));
        var given = Enumerable.Range(0, 600).Select(_ => addresses.Allocate()).ToList();
        Assert.Equal(given.Count, given.Distinct().Count());
        Assert.DoesNotContain("10.244.0.2", given);
        Assert.All(given, ip => Assert.StartsWith("10.244.", ip, StringComparison.Ordinal));
        Assert.DoesNotContain(given, ip => ip.EndsWith(".0", StringComparison.Ordinal) || ip.EndsWith(".255", StringComparison.Ordinal));
    }

    [Fact]
    public void Release_MakesAnAddressAvailableAgain()
    {
        var addresses = new PodAddresses();
        var ip = addresses.Allocate();
        Assert.False(addresses.TryReserve(ip));
        addresses.Release(ip);
        Assert.True(addresses.TryReserve(ip));
    }

    [Theory]
    [InlineData("10.244.3.17", "127.100.3.17")]
    [InlineData("10.244.255.254", "127.100.255.254")]
    [InlineData("10.245.0.1", null)]
    [InlineData("127.96.0.1", null)]
    [InlineData("garbage", null)]
    public void LocalAddress_FollowsTheFixedRule(string podIp, string? local) => Assert.Equal(local, PodAddresses.LocalAddressOf(podIp));

    [Fact]
    public void DnsEndpointAddress_IsNeverHandedToAPod() => Assert.False(new PodAddresses().TryReserve(PodAddresses.DnsPodIp));
}
