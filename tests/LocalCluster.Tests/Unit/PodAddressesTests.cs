using HealthChecks.LocalCluster.Networking;
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

    [Fact]
    public void DnsEndpointAddress_IsNeverHandedToAPod() => Assert.False(new PodAddresses().TryReserve(PodAddresses.DnsPodIp));

    [Theory]
    [InlineData("10.244.3.17", "127.100.3.17")]
    [InlineData("10.244.255.254", "127.100.255.254")]
    [InlineData("10.245.0.1", null)]
    [InlineData("127.96.0.1", null)]
    [InlineData("garbage", null)]
    public void LocalAddress_FollowsTheFixedRule(string podIp, string? local) => Assert.Equal(local, NetworkLayout.Default.LocalAddressOf(podIp));

    [Fact]
    public void Layout_DerivesEveryAddressFromItsTwoRanges()
    {
        var layout = NetworkLayout.Parse("127.97.0.0/16", "127.101.0.0/16");
        Assert.Equal("127.97.0.1", layout.KubernetesServiceIp);
        Assert.Equal("127.97.0.10", layout.ClusterDnsIp);
        Assert.Equal("127.101.255.254", layout.DnsEndpointLocalIp);
        Assert.Equal("127.101.255.3", layout.NodeIp(3));
        Assert.Equal("10.244.0.0/16=127.101.0.0/16", layout.MappingRule);
        Assert.Equal("127.101.4.5", layout.LocalAddressOf("10.244.4.5"));
        Assert.Equal(NetworkLayout.Default, NetworkLayout.Parse("127.96.0.0/16", "127.100.0.0/16"));
    }

    [Theory]
    [InlineData("10.96.0.0/16")]
    [InlineData("127.96.0.0/24")]
    [InlineData("127.96.1.0/16")]
    [InlineData("127.300.0.0/16")]
    [InlineData("127.96.0.0")]
    public void Layout_RefusesAnythingButALoopbackSlash16(string cidr) => Assert.Throws<FormatException>(() => NetworkLayout.Parse(cidr, "127.100.0.0/16"));
}
