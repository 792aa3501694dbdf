using System.Net;
using HealthChecks.CheckSdk.Networking;

namespace HealthChecks.CheckSdk.Tests;

public sealed class PodAddressMapTests
{
    [Theory]
    [InlineData("10.244.0.0/16=127.100.0.0/16", "10.244.3.7", "127.100.3.7")]
    [InlineData("10.244.0.0/16=127.100.0.0/16", "10.244.255.254", "127.100.255.254")]
    [InlineData("10.244.0.0/16=127.100.0.0/16", "10.245.3.7", "10.245.3.7")]
    [InlineData("10.244.0.0/16=127.100.0.0/16", "127.0.0.1", "127.0.0.1")]
    [InlineData("10.244.0.0/20=127.100.0.0/20", "10.244.15.1", "127.100.15.1")]
    [InlineData("10.244.0.0/20=127.100.0.0/20", "10.244.16.1", "10.244.16.1")]
    [InlineData("", "10.244.3.7", "10.244.3.7")]
    public void Translates_only_addresses_in_the_mapped_range(string rule, string address, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), PodAddressMap.Parse(rule).Translate(IPAddress.Parse(address)));

    [Fact]
    public void Keeps_the_port_of_an_endpoint() =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.100.1.2"), 53), PodAddressMap.Parse("10.244.0.0/16=127.100.0.0/16").Translate(new IPEndPoint(IPAddress.Parse("10.244.1.2"), 53)));

    [Fact]
    public void Leaves_IPv6_alone() =>
        Assert.Equal(IPAddress.IPv6Loopback, PodAddressMap.Parse("10.244.0.0/16=127.100.0.0/16").Translate(IPAddress.IPv6Loopback));

    [Theory]
    [InlineData("10.244.0.0/16")]
    [InlineData("10.244.0.0/16=127.100.0.0/24")]
    [InlineData("10.244.0.0=127.100.0.0")]
    [InlineData("banana/16=127.100.0.0/16")]
    [InlineData("10.244.0.0/40=127.100.0.0/40")]
    public void Refuses_a_malformed_rule_naming_the_variable(string rule) =>
        Assert.Contains(PodAddressMap.Variable, Assert.Throws<FormatException>(() => PodAddressMap.Parse(rule)).Message);
}
