using System.Net;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// Hands out pod IPs from 10.244.0.0/16 (fake: written to status.podIP, never connected to).
/// Each maps to the pod's own loopback address by a fixed rule (<see cref="Networking.NetworkLayout"/>),
/// so anyone holding a pod IP can find its listeners without asking the simulator.
/// 10.244.255.0/24 is reserved for the simulator's own endpoints (cluster DNS).
/// </summary>
internal sealed class PodAddresses
{
    public const string PodNetworkPrefix = "10.244.";

    /// <summary>The fake address under which cluster DNS (dnsmasq) appears in the kube-dns Endpoints.</summary>
    public const string DnsPodIp = "10.244.255.254";

    private readonly Lock _lock = new();
    private readonly HashSet<int> _used = [];
    private int _next = 1;

    /// <summary>Marks an address taken (a pod that already has one, e.g. after a simulator restart).</summary>
    public bool TryReserve(string podIp)
    {
        if (IndexOf(podIp) is not { } index)
        {
            return false;
        }

        lock (_lock)
        {
            return _used.Add(index);
        }
    }

    public string Allocate()
    {
        lock (_lock)
        {
            // 256*255 addresses below 10.244.255.0; .0 and .255 are skipped to avoid look-alikes of network and broadcast.
            for (var tries = 0; tries < 256 * 255; tries++)
            {
                var index = _next;
                _next = _next >= 255 * 256 - 1 ? 1 : _next + 1;
                if (index % 256 is 0 or 255 || !_used.Add(index))
                {
                    continue;
                }

                return PodNetworkPrefix + (index / 256) + "." + (index % 256);
            }
        }

        throw new InvalidOperationException("the pod network 10.244.0.0/16 is full");
    }

    public void Release(string podIp)
    {
        if (IndexOf(podIp) is { } index)
        {
            lock (_lock)
            {
                _used.Remove(index);
            }
        }
    }

    private static int? IndexOf(string podIp)
    {
        if (!podIp.StartsWith(PodNetworkPrefix, StringComparison.Ordinal) || !IPAddress.TryParse(podIp, out var address))
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 && bytes[2] < 255 ? (bytes[2] * 256) + bytes[3] : null;
    }
}
