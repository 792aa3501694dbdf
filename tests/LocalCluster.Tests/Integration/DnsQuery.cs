using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>A minimal DNS client for the tests: one A query over UDP; the answer's rcode and addresses.</summary>
internal static class DnsQuery
{
    public const int NoError = 0;
    public const int NameError = 3;

    public static async Task<(int Rcode, List<IPAddress> Addresses)> QueryAsync(string server, int port, string name)
    {
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var id = (ushort)Random.Shared.Next(ushort.MaxValue);
        var query = new List<byte>();
        query.AddRange([(byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]); // recursion desired, one question
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            query.Add((byte)label.Length);
            query.AddRange(Encoding.ASCII.GetBytes(label));
        }

        query.AddRange([0, 0, 1, 0, 1]); // root, type A, class IN
        await udp.SendAsync(query.ToArray(), new IPEndPoint(IPAddress.Parse(server), port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var answer = (await udp.ReceiveAsync(timeout.Token)).Buffer;
        if (BinaryPrimitives.ReadUInt16BigEndian(answer) != id)
        {
            throw new InvalidOperationException("DNS answer with a different id");
        }

        return (answer[3] & 0x0F, ParseAddresses(answer));
    }

    private static List<IPAddress> ParseAddresses(byte[] message)
    {
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(6));
        var offset = 12;
        offset = SkipName(message, offset) + 4; // the question
        var addresses = new List<IPAddress>();
        for (var i = 0; i < answers; i++)
        {
            offset = SkipName(message, offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset + 8));
            if (type == 1 && length == 4)
            {
                addresses.Add(new IPAddress(message.AsSpan(offset + 10, 4)));
            }

            offset += 10 + length;
        }

        return addresses;
    }

    private static int SkipName(byte[] message, int offset)
    {
        while (message[offset] != 0)
        {
            if ((message[offset] & 0xC0) == 0xC0)
            {
                return offset + 2; // a compression pointer ends the name
            }

            offset += message[offset] + 1;
        }

        return offset + 1;
    }
}
