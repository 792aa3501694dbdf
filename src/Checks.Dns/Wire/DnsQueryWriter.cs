using System.Buffers.Binary;
using System.Text;

namespace HealthChecks.Checks.Dns.Wire;

/// <summary>Builds a standard query (one question, recursion desired, class IN) in wire format.</summary>
internal static class DnsQueryWriter
{
    private const ushort RecursionDesired = 0x0100;
    private const ushort ClassInternet = 1;

    public static byte[] Write(ushort id, string name, DnsRecordType type)
    {
        var labels = Labels(name);
        var length = 12 + labels.Sum(l => l.Length + 1) + 1 + 4;
        var message = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(0), id);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), RecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1); // QDCOUNT
        var at = 12;
        foreach (var label in labels)
        {
            message[at++] = (byte)label.Length;
            label.CopyTo(message, at);
            at += label.Length;
        }

        message[at++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 2), ClassInternet);
        return message;
    }

    /// <exception cref="ArgumentException">The name is not a valid DNS name (empty label, label over 63 bytes, name over 253).</exception>
    internal static List<byte[]> Labels(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length is 0 or > 253)
        {
            throw new ArgumentException($"'{name}' is not a valid DNS name", nameof(name));
        }

        var labels = new List<byte[]>();
        foreach (var label in trimmed.Split('.'))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length is 0 or > 63)
            {
                throw new ArgumentException($"'{name}' is not a valid DNS name (label '{label}')", nameof(name));
            }

            labels.Add(bytes);
        }

        return labels;
    }
}
