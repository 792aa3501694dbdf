using System.Text;
using k8s.Models;

namespace HealthChecks.LocalCluster.Networking;

/// <summary>
/// The hosts file dnsmasq serves for the cluster domain (pure): one line per Service with a
/// ClusterIP, <c>IP NAME.NAMESPACE.svc.cluster.local</c>, sorted so that an unchanged set of
/// Services gives the same text (and no reload).
/// </summary>
internal static class DnsHosts
{
    public const string ClusterDomain = "cluster.local";

    public static string Render(IEnumerable<V1Service> services)
    {
        var lines = services
            .Where(s => s.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None")
            .Select(s => $"{s.Spec!.ClusterIP} {s.Metadata.Name}.{s.Metadata.NamespaceProperty}.svc.{ClusterDomain}")
            .Order(StringComparer.Ordinal);
        var text = new StringBuilder("# Services of the local cluster, written by the node simulator; dnsmasq reloads it on SIGHUP.\n");
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
