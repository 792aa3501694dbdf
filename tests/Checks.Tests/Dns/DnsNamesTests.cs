using HealthChecks.Checks.Dns.Resolution;

namespace HealthChecks.Checks.Tests.Dns;

public sealed class DnsNamesTests
{
    [Theory]
    [InlineData("", "empty label")]
    [InlineData(".", "empty label")]
    [InlineData("a..b", "empty label")]
    [InlineData(".leading", "empty label")]
    [InlineData("this-label-is-far-too-long-for-dns-because-it-has-more-than-63-chars.test", "Label '1' is longer than 63 bytes.")]
    public void Problem_InvalidName_SaysWhy(string name, string why) => Assert.Equal(why, DnsNames.Problem(name));

    [Fact]
    public void Problem_NameOver255Octets_SaysWhy() =>
        Assert.Contains("exceeds maximum", DnsNames.Problem(string.Join('.', Enumerable.Repeat(new string('a', 60), 5))), StringComparison.Ordinal);

    [Theory]
    [InlineData("kubernetes.default")]
    [InlineData("kubernetes.default.svc.cluster.local.")]
    [InlineData("_dns._udp.example.test")]
    [InlineData("localhost")]
    public void Problem_ValidName_IsNull(string name) => Assert.Null(DnsNames.Problem(name));
}
