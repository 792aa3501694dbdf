using HealthChecks.LocalCluster.Networking;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class NetworkingTests
{
    private static V1Service Service(string ns, string name, string? ip, params V1ServicePort[] ports) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Spec = new V1ServiceSpec { ClusterIP = ip, Ports = [.. ports] } };

    [Fact]
    public void DnsHosts_ListEveryServiceWithAClusterIp_Sorted()
    {
        var text = DnsHosts.Render([
            Service("b", "web", "127.96.3.4"),
            Service("default", "kubernetes", "127.96.0.1"),
            Service("a", "headless", "None"),
            Service("a", "external", null),
        ]);
        Assert.Equal(
            ["127.96.0.1 kubernetes.default.svc.cluster.local", "127.96.3.4 web.b.svc.cluster.local"],
            text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')));
    }

    [Fact]
    public void Listeners_AreTheTcpPortsOfLoopbackClusterIps()
    {
        var listeners = ServiceBackends.Listeners([
            Service("ns", "web", "127.96.0.20", new V1ServicePort { Name = "http", Port = 80 }, new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" }),
            Service("ns", "remote", "10.0.0.1", new V1ServicePort { Port = 80 }),
        ]).ToList();
        var (key, service, portName) = Assert.Single(listeners);
        Assert.Equal(new ServiceListenerKey("127.96.0.20", 80), key);
        Assert.Equal(("ns/web", "http"), (service, portName));
    }

    [Fact]
    public void ReadyTargets_MatchThePortByName_AndSkipNotReadyAddresses()
    {
        var endpoints = new V1Endpoints
        {
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "10.244.0.5" }],
                    NotReadyAddresses = [new V1EndpointAddress { Ip = "10.244.0.6" }],
                    Ports = [new Corev1EndpointPort { Name = "http", Port = 8080 }, new Corev1EndpointPort { Name = "metrics", Port = 9090 }],
                },
            ],
        };
        Assert.Equal([("10.244.0.5", 8080)], ServiceBackends.ReadyTargets(endpoints, "http"));
        Assert.Equal([("10.244.0.5", 9090)], ServiceBackends.ReadyTargets(endpoints, "metrics"));
        Assert.Empty(ServiceBackends.ReadyTargets(endpoints, "other"));
        Assert.Empty(ServiceBackends.ReadyTargets(null, "http"));
    }

    [Fact]
    public void ReadyTargets_UnnamedSinglePort()
    {
        var endpoints = new V1Endpoints { Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.244.0.9" }], Ports = [new Corev1EndpointPort { Port = 80 }] }] };
        Assert.Equal([("10.244.0.9", 80)], ServiceBackends.ReadyTargets(endpoints, null));
    }

    [Fact]
    public void DnsServerArguments_AreAuthoritativeForClusterLocal_AndForwardNothing()
    {
        var args = DnsServer.Arguments("/d/hosts", "/d/pid", ["127.96.0.10", "127.100.255.254"], 53);
        Assert.Contains("--local=/cluster.local/", args);
        Assert.Contains("--no-resolv", args);
        Assert.Contains("--addn-hosts=/d/hosts", args);
        Assert.Contains("--listen-address=127.96.0.10", args);
        Assert.Contains("--listen-address=127.100.255.254", args);
        Assert.DoesNotContain(args, a => a.StartsWith("--server", StringComparison.Ordinal));
    }
}
