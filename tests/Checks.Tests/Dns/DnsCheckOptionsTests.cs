using System.Net;
using HealthChecks.CheckSdk.Options;
using HealthChecks.Checks.Dns;

namespace HealthChecks.Checks.Tests.Dns;

public sealed class DnsCheckOptionsTests
{
    private static DnsCheckOptions Parse(params (string, string)[] values) =>
        DnsCheckOptions.FromEnvironment(TestEnvironment.Of(values));

    [Fact]
    public void FromEnvironment_UpstreamInternalExample_Parses()
    {
        var options = Parse(("HOSTNAME", "kubernetes.default"), ("NAMESPACE", "kube-system"), ("DNS_POD_SELECTOR", "k8s-app=kube-dns"), ("NODE_NAME", "n1"));

        Assert.Equal("kubernetes.default", options.Hostname);
        Assert.Equal("kube-system", options.Namespace);
        Assert.Equal("k8s-app=kube-dns", options.DnsPodSelector);
        Assert.Equal(TimeSpan.FromMinutes(3), options.NodeMinAge);
        Assert.Empty(options.DnsServers);
    }

    [Fact]
    public void FromEnvironment_OurAdditions_Parse()
    {
        var options = Parse(("HOSTNAME", "a.test"), ("NODE_MIN_AGE", "0"), ("DNS_SERVER", "127.0.0.2, 127.0.0.3:5353"), ("EXPECTED_ADDRESSES", "10.0.0.5,fd00::5"), ("DNS_QUERY_TIMEOUT", "2s"));

        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.2"), 53), new IPEndPoint(IPAddress.Parse("127.0.0.3"), 5353)], options.DnsServers);
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::5")], options.ExpectedAddresses);
        Assert.Equal(TimeSpan.Zero, options.NodeMinAge);
        Assert.Null(options.NodeName);
        Assert.Equal(TimeSpan.FromSeconds(2), options.QueryTimeout);
        Assert.Equal(2, options.QueryAttempts); // fixed: DnsClient's Retries = 1
    }

    [Fact]
    public void FromEnvironment_EverythingWrong_OneErrorNamingEach()
    {
        var error = Assert.Throws<EnvOptionsException>(() => Parse(("NODE_MIN_AGE", "soon"), ("DNS_SERVER", "dns.local"), ("EXPECTED_ADDRESSES", "x"), ("DNS_POD_SELECTOR", "a=b")));

        Assert.Equal(
            ["HOSTNAME: required but not set", "NODE_MIN_AGE: 'soon' is not a duration (e.g. 30s, 1m, 1h30m)", "DNS_SERVER: 'dns.local' is not an IP address or IP:port", "EXPECTED_ADDRESSES: 'x' is not an IP address"],
            error.Problems.Take(4));
        Assert.Contains(error.Problems, p => p.StartsWith("NODE_NAME: required", StringComparison.Ordinal));
    }

    [Fact]
    public void FromEnvironment_SelectorAndServer_Conflict()
    {
        var error = Assert.Throws<EnvOptionsException>(() => Parse(("HOSTNAME", "a"), ("NODE_MIN_AGE", "0"), ("DNS_SERVER", "127.0.0.2"), ("DNS_POD_SELECTOR", "a=b")));
        Assert.Equal(["DNS_SERVER: set either DNS_SERVER or DNS_POD_SELECTOR, not both"], error.Problems);
    }
}
