using System.Net;
using HealthChecks.Checks.Dns;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Checks.Tests.Dns;

public sealed class DnsEndpointTargetsUnitTests
{
    [Fact]
    public void FromEndpoints_NoObjects_UpstreamMessage() =>
        Assert.Equal("No endpoints found", Assert.Throws<InvalidOperationException>(() => DnsEndpointTargets.FromEndpoints([])).Message);

    [Fact]
    public void FromEndpoints_NoAddresses_UpstreamMessage() =>
        Assert.Equal("No Ip's found in endpoints list", Assert.Throws<InvalidOperationException>(() => DnsEndpointTargets.FromEndpoints([new V1Endpoints { Subsets = [new V1EndpointSubset { NotReadyAddresses = [new V1EndpointAddress { Ip = "10.0.0.1" }] }] }])).Message);

    [Fact]
    public void FromEndpoints_UsesTheUdpDnsPortElse53()
    {
        var targets = DnsEndpointTargets.FromEndpoints(
        [
            new V1Endpoints { Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.5" }], Ports = [new Corev1EndpointPort { Name = "dns-tcp", Port = 5300, Protocol = "TCP" }, new Corev1EndpointPort { Name = "dns", Port = 5353, Protocol = "UDP" }] }] },
            new V1Endpoints { Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.6" }] }] },
        ]);

        Assert.Equal([IPEndPoint.Parse("127.0.0.5:5353"), IPEndPoint.Parse("127.0.0.6:53")], targets);
    }
}

/// <summary>
/// The Endpoints half of DNS_POD_SELECTOR mode on the real API server. The API server refuses
/// loopback addresses in Endpoints, so these hold pod-like addresses that are read, never
/// connected to (network rule); the query half is <see cref="DirectResolverDnsmasqTests"/>.
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DnsEndpointTargetsClusterTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task ReadAsync_MatchingEndpoints_GivesEveryAddressAndPort()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dnsep");
        await fixture.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = ns.Name, Labels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "10.244.0.10" }, new V1EndpointAddress { Ip = "10.244.1.10" }],
                    NotReadyAddresses = [new V1EndpointAddress { Ip = "10.244.2.10" }],
                    Ports = [new Corev1EndpointPort { Name = "dns-tcp", Port = 53, Protocol = "TCP" }, new Corev1EndpointPort { Name = "dns", Port = 5353, Protocol = "UDP" }],
                },
            ],
        }, ns.Name);
        await fixture.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "unrelated", NamespaceProperty = ns.Name, Labels = new Dictionary<string, string> { ["k8s-app"] = "other" } },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.244.9.9" }], Ports = [new Corev1EndpointPort { Port = 53, Protocol = "UDP" }] }],
        }, ns.Name);

        var targets = await DnsEndpointTargets.ReadAsync(fixture.Client, ns.Name, "k8s-app=kube-dns", default);

        Assert.Equal([IPEndPoint.Parse("10.244.0.10:5353"), IPEndPoint.Parse("10.244.1.10:5353")], targets);
    }

    [Fact]
    public async Task ReadAsync_NothingMatches_UpstreamMessage()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dnsnone");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DnsEndpointTargets.ReadAsync(fixture.Client, ns.Name, "k8s-app=kube-dns", default));
        Assert.Equal("No endpoints found", error.Message);
    }
}
