using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace HealthChecks.Checks.Dns.Wire;

/// <summary>The parts of a response this client uses: header flags, the question, and the answer section.</summary>
internal sealed record DnsResponse(ushort Id, bool IsResponse, bool Truncated, DnsResponseCode ResponseCode, string? QuestionName, DnsRecordType? QuestionType, IReadOnlyList<DnsResourceRecord> Answers)
{
    private const int MaxPointerHops = 64;

    /// <exception cref="FormatException">The message is malformed (short, bad pointer, loop).</exception>
    public static DnsResponse Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < 12)
        {
            throw new FormatException($"DNS message of {message.Length} bytes is shorter than its header");
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var at = 12;
        string? questionName = null;
        DnsRecordType? questionType = null;
        for (var i = 0; i < questions; i++)
        {
            var name = ReadName(message, ref at);
            Need(message, at, 4);
            questionName ??= name;
            questionType ??= (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
            at += 4;
        }

        var records = new List<DnsResourceRecord>(answers);
        var truncated = (flags & 0x0200) != 0;
        for (var i = 0; i < answers; i++)
        {
            if (truncated && at >= message.Length)
            {
                break; // a truncated UDP answer may stop mid-section; the TCP retry has the rest
            }

            var owner = ReadName(message, ref at);
            Need(message, at, 10);
            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(at + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 8)..]);
            at += 10;
            Need(message, at, length);
            var data = message.Slice(at, length);
            records.Add(type switch
            {
                DnsRecordType.A when length == 4 => new DnsResourceRecord(owner, type, ttl, new IPAddress(data), null),
                DnsRecordType.Aaaa when length == 16 => new DnsResourceRecord(owner, type, ttl, new IPAddress(data), null),
                DnsRecordType.CName => new DnsResourceRecord(owner, type, ttl, null, ReadNameAt(message, at)),
                _ => new DnsResourceRecord(owner, type, ttl, null, null),
            });
            at += length;
        }

        return new DnsResponse(id, (flags & 0x8000) != 0, truncated, (DnsResponseCode)(flags & 0x000F), questionName, questionType, records);
    }

    private static string ReadNameAt(ReadOnlySpan<byte> message, int offset) => ReadName(message, ref offset);

    // A name is a sequence of labels ending in a zero byte or a compression pointer (RFC 1035 §4.1.4).
    private static string ReadName(ReadOnlySpan<byte> message, ref int at)
    {
        var name = new StringBuilder();
        var position = at;
        var jumped = false;
        for (var hops = 0; ; hops++)
        {
            Need(message, position, 1);
            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                Need(message, position, 2);
                if (hops >= MaxPointerHops)
                {
                    throw new FormatException("DNS name compression loop");
                }

                if (!jumped)
                {
                    at = position + 2;
                    jumped = true;
                }

                position = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                continue;
            }

            if (length == 0)
            {
                if (!jumped)
                {
                    at = position + 1;
                }

                return name.Length == 0 ? "." : name.ToString();
            }

            Need(message, position + 1, length);
            if (name.Length > 0)
            {
                name.Append('.');
            }

            name.Append(Encoding.ASCII.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }
    }

    private static void Need(ReadOnlySpan<byte> message, int at, int count)
    {
        if (at + count > message.Length)
        {
            throw new FormatException($"DNS message ends at byte {message.Length}, needed {at + count}");
        }
    }
}
