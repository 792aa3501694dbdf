using System.Net;
using k8s;
using k8s.Models;

namespace HealthChecks.Checks.Dns;

/// <summary>
/// The servers behind a DNS service, read from its Endpoints (upstream's DNS_POD_SELECTOR mode):
/// every ready address of every subset, on the subset's UDP port named <c>dns</c> (or its first
/// UDP port, or 53 as upstream always used).
/// </summary>
internal static class DnsEndpointTargets
{
    public const int DefaultPort = 53;

    public static async Task<IReadOnlyList<IPEndPoint>> ReadAsync(IKubernetes client, string @namespace, string selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var list = @namespace.Length == 0
            ? await client.CoreV1.ListEndpointsForAllNamespacesAsync(labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await client.CoreV1.ListNamespacedEndpointsAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return FromEndpoints(list.Items);
    }

    /// <exception cref="InvalidOperationException">No Endpoints objects, or none with an address (upstream's two messages).</exception>
    public static IReadOnlyList<IPEndPoint> FromEndpoints(ICollection<V1Endpoints> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            throw new InvalidOperationException("No endpoints found");
        }

        var targets = new List<IPEndPoint>();
        foreach (var subset in endpoints.SelectMany(e => e.Subsets ?? []))
        {
            var port = DnsPort(subset.Ports);
            foreach (var address in subset.Addresses ?? [])
            {
                if (IPAddress.TryParse(address.Ip, out var ip))
                {
                    targets.Add(new IPEndPoint(ip, port));
                }
            }
        }

        return targets.Count > 0 ? targets.Distinct().ToList() : throw new InvalidOperationException("No Ip's found in endpoints list");
    }

    private static int DnsPort(IEnumerable<Corev1EndpointPort>? ports)
    {
        var udp = (ports ?? []).Where(p => (p.Protocol ?? "TCP") == "UDP" && p.Port > 0).ToList();
        return udp.FirstOrDefault(p => p.Name == "dns")?.Port ?? udp.FirstOrDefault()?.Port ?? DefaultPort;
    }
}
