using System.Net;
using System.Net.Sockets;

namespace HealthChecks.TestKit;

/// <summary>Free loopback ports for servers a test starts (or deliberately leaves closed).</summary>
public static class FreePort
{
    public static int Tcp(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port free for both UDP and TCP on <paramref name="address"/> (a DNS server uses both).</summary>
    public static int UdpAndTcp(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException)
            {
                // taken for TCP: try another
            }
        }

        throw new InvalidOperationException("no port free for both UDP and TCP");
    }
}
