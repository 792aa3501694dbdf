using System.Globalization;
using System.Net;
using HealthChecks.LocalCluster.Pods;

namespace HealthChecks.LocalCluster.Networking;

/// <summary>
/// The loopback addresses one simulated cluster uses (pure). Two /16 ranges of 127.0.0.0/8, so
/// that several simulated clusters can share a machine without taking each other's addresses:
/// the Service range (ClusterIPs; <c>kubernetes</c> is .0.1, cluster DNS .0.10) and the pod-local
/// range, where pod IP 10.244.a.b has its listeners on 127.P.a.b. The pod-local range's .255.0/24,
/// which no pod gets, holds the nodes' InternalIPs (.255.i, nothing listens) and the cluster DNS
/// endpoint (.255.254).
/// </summary>
internal sealed record NetworkLayout(string ServicePrefix, string PodLocalPrefix)
{
    public static NetworkLayout Default { get; } = new("127.96.", "127.100.");

    public string KubernetesServiceIp => ServicePrefix + "0.1";

    public string ClusterDnsIp => ServicePrefix + "0.10";

    /// <summary>Where cluster DNS also listens: the loopback address of its Endpoints' fake pod IP.</summary>
    public string DnsEndpointLocalIp => LocalAddressOf(PodAddresses.DnsPodIp)!;

    /// <summary>The pod IP rule in the form handed to containers (<c>HC_POD_IP_LOOPBACK_MAP</c>).</summary>
    public string MappingRule => $"10.244.0.0/16={PodLocalPrefix}0.0/16";

    public string NodeIp(int index) => string.Create(CultureInfo.InvariantCulture, $"{PodLocalPrefix}255.{index}");

    /// <summary>10.244.a.b → 127.P.a.b; null for anything outside the pod network.</summary>
    public string? LocalAddressOf(string podIp) =>
        podIp.StartsWith(PodAddresses.PodNetworkPrefix, StringComparison.Ordinal) && IPAddress.TryParse(podIp, out var address) && address.GetAddressBytes().Length == 4
            ? PodLocalPrefix + podIp[PodAddresses.PodNetworkPrefix.Length..]
            : null;

    /// <summary>Both ranges as <c>127.N.0.0/16</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static NetworkLayout Parse(string serviceCidr, string podLocalCidr) => new(PrefixOf(serviceCidr, "--service-cidr"), PrefixOf(podLocalCidr, "--pod-local-cidr"));

    private static string PrefixOf(string cidr, string option)
    {
        var parts = cidr.Split('/');
        var octets = parts[0].Split('.');
        return parts is [_, "16"] && octets is ["127", var second, "0", "0"] && byte.TryParse(second, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? $"127.{second}."
            : throw new FormatException($"{option} must be a loopback /16 such as 127.96.0.0/16 (got '{cidr}')");
    }
}
