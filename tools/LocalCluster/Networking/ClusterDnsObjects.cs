using HealthChecks.LocalCluster.Pods;
using k8s.Models;

namespace HealthChecks.LocalCluster.Networking;

/// <summary>
/// The kube-dns Service and Endpoints that make the simulator's dnsmasq look like cluster DNS.
/// The Endpoints address cannot be the loopback address dnsmasq listens on (the API server
/// refuses 127.0.0.0/8 in Endpoints), so it is the reserved fake pod IP 10.244.255.254, which
/// maps to a loopback address by the same rule as every pod IP; dnsmasq listens there too.
/// </summary>
internal static class ClusterDnsObjects
{
    public const string Namespace = "kube-system";
    public const string Name = "kube-dns";
    private static Dictionary<string, string> Labels() => new(StringComparer.Ordinal)
    {
        ["k8s-app"] = "kube-dns",
        ["kubernetes.io/name"] = "CoreDNS",
        ["kubernetes.io/cluster-service"] = "true",
    };

    public static V1Service Service(string clusterIp) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, Labels = Labels() },
        Spec = new V1ServiceSpec
        {
            ClusterIP = clusterIp,
            // No selector: the simulator owns the Endpoints below.
            Ports =
            [
                new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = 53 },
                new V1ServicePort { Name = "dns-tcp", Port = 53, Protocol = "TCP", TargetPort = 53 },
            ],
        },
    };

    public static V1Endpoints Endpoints() => new()
    {
        ApiVersion = "v1",
        Kind = "Endpoints",
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, Labels = Labels() },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = PodAddresses.DnsPodIp }],
                Ports =
                [
                    new Corev1EndpointPort { Name = "dns", Port = 53, Protocol = "UDP" },
                    new Corev1EndpointPort { Name = "dns-tcp", Port = 53, Protocol = "TCP" },
                ],
            },
        ],
    };
}
