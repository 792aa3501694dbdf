using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>
/// A UDP "DNS server" on loopback that answers each query through a script: a fake of a
/// misbehaving server, for what a real one (dnsmasq) will not do on demand: silence, an answer
/// with another ID or question, garbage. Its replies are the query's own bytes with header fields
/// patched, the only raw DNS packets left in the repository, and only to misbehave. Stopped on dispose.
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

    /// <summary>
    /// An empty answer to <paramref name="query"/> with the given RCODE, and by default the query's
    /// ID and question type. The query has no EDNS0 record (DnsClientOptions), so it ends with its
    /// question's type and class.
    /// </summary>
    public static byte[] Reply(byte[] query, int rcode, ushort? id = null, ushort? questionType = null)
    {
        var reply = (byte[])query.Clone();
        if (id is { } other)
        {
            BinaryPrimitives.WriteUInt16BigEndian(reply, other);
        }

        if (questionType is { } type)
        {
            BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(reply.Length - 4), type);
        }

        reply[2] = (byte)(0x80 | (query[2] & 0x01)); // QR, keep RD
        reply[3] = (byte)(0x80 | rcode);              // RA, RCODE
        return reply;
    }

    /// <summary>The ID of <paramref name="query"/> with every bit flipped: surely not the query's.</summary>
    public static ushort OtherId(byte[] query) => (ushort)(BinaryPrimitives.ReadUInt16BigEndian(query) ^ 0xFFFF);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
