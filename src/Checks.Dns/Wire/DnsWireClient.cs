using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace HealthChecks.Checks.Dns.Wire;

/// <summary>
/// Sends one question to one server: over UDP (retried <see cref="Attempts"/> times, each within
/// <see cref="Timeout"/>), and again over TCP when the UDP answer is truncated. A response counts
/// only if it carries our random ID and our question; anything else on the socket is ignored.
/// </summary>
internal sealed class DnsWireClient(IPEndPoint server, TimeSpan timeout, int attempts = 2)
{
    private const int MaxUdpMessage = 512; // no EDNS0: larger answers come truncated, then over TCP

    public IPEndPoint Server { get; } = server;

    public TimeSpan Timeout { get; } = timeout;

    public int Attempts { get; } = attempts;

    public async Task<DnsExchange> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        DnsExchange last = DnsExchange.Timeout(overTcp: false);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
            var query = DnsQueryWriter.Write(id, name, type);
            last = await OverUdpAsync(query, id, name, type, cancellationToken).ConfigureAwait(false);
            if (last.Response is { Truncated: true })
            {
                return await OverTcpAsync(query, id, name, type, cancellationToken).ConfigureAwait(false);
            }

            if (!last.TimedOut)
            {
                return last;
            }
        }

        return last;
    }

    private async Task<DnsExchange> OverUdpAsync(byte[] query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var socket = new Socket(Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        var buffer = new byte[MaxUdpMessage * 2];
        try
        {
            // A connected UDP socket only receives datagrams from the server's address and port.
            await socket.ConnectAsync(Server, limit.Token).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, limit.Token).ConfigureAwait(false);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token).ConfigureAwait(false);
                if (TryMatch(buffer.AsSpan(0, received), id, name, type) is { } response)
                {
                    return DnsExchange.Answered(response, overTcp: false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DnsExchange.Timeout(overTcp: false);
        }
        catch (SocketException ex)
        {
            return DnsExchange.Failed($"UDP: {ex.Message}", overTcp: false);
        }
    }

    private async Task<DnsExchange> OverTcpAsync(byte[] query, ushort id, string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        using var socket = new Socket(Server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(Server, limit.Token).ConfigureAwait(false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await socket.SendAsync(framed, SocketFlags.None, limit.Token).ConfigureAwait(false);
            var prefix = new byte[2];
            await ReceiveExactlyAsync(socket, prefix, limit.Token).ConfigureAwait(false);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await ReceiveExactlyAsync(socket, message, limit.Token).ConfigureAwait(false);
            return TryMatch(message, id, name, type) is { } response
                ? DnsExchange.Answered(response, overTcp: true)
                : DnsExchange.Failed("TCP: the answer does not match the question", overTcp: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DnsExchange.Timeout(overTcp: true);
        }
        catch (SocketException ex)
        {
            return DnsExchange.Failed($"TCP: {ex.Message}", overTcp: true);
        }
        catch (EndOfStreamException)
        {
            return DnsExchange.Failed("TCP: the server closed the connection mid-answer", overTcp: true);
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            buffer = buffer[read..];
        }
    }

    private static DnsResponse? TryMatch(ReadOnlySpan<byte> message, ushort id, string name, DnsRecordType type)
    {
        try
        {
            var response = DnsResponse.Parse(message);
            var sameQuestion = response.QuestionName is null
                || (string.Equals(response.QuestionName, name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase) && response.QuestionType == type);
            return response.IsResponse && response.Id == id && sameQuestion ? response : null;
        }
        catch (FormatException)
        {
            return null; // garbage on the socket is ignored like a stranger's datagram
        }
    }
}
