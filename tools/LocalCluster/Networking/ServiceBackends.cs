using k8s.Models;

namespace HealthChecks.LocalCluster.Networking;

/// <summary>A Service port the proxy listens on (ClusterIP:port, TCP) and the Service it belongs to.</summary>
internal sealed record ServiceListenerKey(string ClusterIp, int Port);

/// <summary>
/// Which backends serve a Service port (pure): the ready addresses of the Service's Endpoints
/// whose port has the same name as the Service port (the Endpoints controller has already
/// resolved named target ports to numbers).
/// </summary>
internal static class ServiceBackends
{
    /// <summary>The TCP ports of Services with a loopback ClusterIP (the only ones the simulator can serve).</summary>
    public static IEnumerable<(ServiceListenerKey Key, string Service, string? PortName)> Listeners(IEnumerable<V1Service> services)
    {
        foreach (var service in services)
        {
            if (service.Spec?.ClusterIP is not { } ip || !ip.StartsWith("127.", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var port in service.Spec.Ports ?? [])
            {
                if ((port.Protocol ?? "TCP") == "TCP")
                {
                    yield return (new ServiceListenerKey(ip, port.Port), $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}", port.Name);
                }
            }
        }
    }

    /// <summary>(pod IP, port) of every ready endpoint for the Service port named <paramref name="portName"/>.</summary>
    public static List<(string Ip, int Port)> ReadyTargets(V1Endpoints? endpoints, string? portName)
    {
        var targets = new List<(string, int)>();
        foreach (var subset in endpoints?.Subsets ?? [])
        {
            var port = subset.Ports?.FirstOrDefault(p => (p.Name ?? "") == (portName ?? "") && (p.Protocol ?? "TCP") == "TCP")
                ?? (subset.Ports is { Count: 1 } single && portName is null or "" ? single[0] : null);
            if (port is null)
            {
                continue;
            }

            targets.AddRange((subset.Addresses ?? []).Where(a => a.Ip is not null).Select(a => (a.Ip!, port.Port)));
        }

        return targets;
    }
}
