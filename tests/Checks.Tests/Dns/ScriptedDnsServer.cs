using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>
/// A UDP "DNS server" on loopback that answers each query through a script: for the cases a real
/// server will not produce on demand (SERVFAIL, a wrong ID first, silence). Stopped on dispose.
/// </summary>
public sealed class ScriptedDnsServer : IAsyncDisposable
{
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _queries;

    /// <param name="answer">Datagrams to send back for one query (none = silence).</param>
    public ScriptedDnsServer(Func<byte[], IEnumerable<byte[]>> answer)
    {
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        Endpoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult received;
                try
                {
                    received = await _udp.ReceiveAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _queries);
                foreach (var datagram in answer(received.Buffer))
                {
                    await _udp.SendAsync(datagram, received.RemoteEndPoint);
                }
            }
        });
    }

    public IPEndPoint Endpoint { get; }

    public int Queries => Volatile.Read(ref _queries);

    /// <summary>An empty answer to <paramref name="query"/> with the given RCODE (and ID, by default the query's).</summary>
    public static byte[] Reply(byte[] query, int rcode, ushort? id = null)
    {
        var reply = (byte[])query.Clone();
        if (id is { } other)
        {
            BinaryPrimitives.WriteUInt16BigEndian(reply, other);
        }

        reply[2] = (byte)(0x80 | (query[2] & 0x01)); // QR, keep RD
        reply[3] = (byte)(0x80 | rcode);              // RA, RCODE
        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
