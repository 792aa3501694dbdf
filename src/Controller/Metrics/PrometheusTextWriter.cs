using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 as UTF-8 straight into a buffer (the
/// response's pipe in the endpoint): a <c># HELP</c> and <c># TYPE</c> line per family, then its
/// samples. Label values are escaped as the format requires (<c>\</c>, <c>"</c>, newline), so no
/// error text can break a scrape; HELP text escapes <c>\</c> and newline. The caller decides the
/// order (families and samples are written as given), which keeps output stable.
/// </summary>
/// <remarks>
/// UTF-8 bytes, not a <see cref="TextWriter"/>: at 10,000 checks a scrape is 60,000 lines, and a
/// <see cref="StreamWriter"/>'s per-call bookkeeping and its encoder pass over a char buffer cost
/// about as much as building the status itself. Numbers are formatted straight into UTF-8 too.
/// </remarks>
public sealed class PrometheusTextWriter(IBufferWriter<byte> output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // Text is written into a block taken from the output and handed back whole: a response
    // pipe's GetSpan and Advance take a lock each, and a scrape has over a million tokens.
    private const int BlockSize = 16 * 1024;

    private static readonly SearchValues<char> LabelSpecials = SearchValues.Create("\\\n\"");
    private static readonly SearchValues<char> HelpSpecials = SearchValues.Create("\\\n");

    private Memory<byte> _block;
    private int _used;

    public void Family(string name, string type, string help)
    {
        Ascii("# HELP "u8);
        Text(name);
        Ascii(" "u8);
        Escape(help, escapeQuote: false);
        Ascii("\n# TYPE "u8);
        Text(name);
        Ascii(" "u8);
        Text(type);
        Ascii("\n"u8);
    }

    public void Sample(string name, double value)
    {
        Text(name);
        Value(value);
    }

    public void Sample(string name, string label, string labelValue, double value)
    {
        Text(name);
        Ascii("{"u8);
        Label(label, labelValue);
        Ascii("}"u8);
        Value(value);
    }

    public void Sample(string name, string label1, string value1, string label2, string value2, double value)
    {
        Text(name);
        Ascii("{"u8);
        Label(label1, value1);
        Ascii(","u8);
        Label(label2, value2);
        Ascii("}"u8);
        Value(value);
    }

    /// <summary>Any number of labels, written in the order given.</summary>
    public void Sample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value)
    {
        Text(name);
        Ascii("{"u8);
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                Ascii(","u8);
            }

            Label(labels[i].Name, labels[i].Value);
        }

        Ascii("}"u8);
        Value(value);
    }

    private void Label(string name, string value)
    {
        Text(name);
        Ascii("=\""u8);
        Escape(value, escapeQuote: true);
        Ascii("\""u8);
    }

    private void Escape(string text, bool escapeQuote)
    {
        // Most values need no escaping: find the next character that does with a vectorized
        // search instead of looking at every character.
        var rest = text.AsSpan();
        var special = escapeQuote ? LabelSpecials : HelpSpecials;
        int next;
        while ((next = rest.IndexOfAny(special)) >= 0)
        {
            Text(rest[..next]);
            Ascii(rest[next] switch
            {
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                _ => "\\\""u8,
            });
            rest = rest[(next + 1)..];
        }

        Text(rest);
    }

    /// <summary>Hands what was written to the output. Call it once the last sample is written.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            output.Advance(_used);
        }

        _block = default;
        _used = 0;
    }

    /// <summary>The free part of the current block, at least <paramref name="size"/> bytes long.</summary>
    private Span<byte> Room(int size)
    {
        if (_block.Length - _used < size)
        {
            Flush();
            _block = output.GetMemory(Math.Max(size, BlockSize));
        }

        return _block.Span[_used..];
    }

    private void Ascii(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        _used += bytes.Length;
    }

    private void Text(ReadOnlySpan<char> text)
    {
        // Into what the block has left, then the next block. A lone surrogate becomes U+FFFD, as
        // the UTF-8 encoding of a StreamWriter wrote it.
        while (true)
        {
            var status = Utf8.FromUtf16(text, Room(4), out var read, out var written); // 4: room for any one char
            _used += written;
            if (status == OperationStatus.Done)
            {
                return;
            }

            text = text[read..];
        }
    }

    private void Value(double value)
    {
        // " " + the longest round-trip double (24) + "\n" fits in 32.
        var span = Room(32);
        span[0] = (byte)' ';
        int written;
        if (double.IsNaN(value))
        {
            "NaN"u8.CopyTo(span[1..]);
            written = 3;
        }
        else if (double.IsInfinity(value))
        {
            (value > 0 ? "+Inf"u8 : "-Inf"u8).CopyTo(span[1..]);
            written = 4;
        }
        // Most samples are whole numbers (statuses, counts, flags): formatting them as an
        // integer is several times cheaper than the shortest round-trip form, and reads the same.
        else if (Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            ((long)value).TryFormat(span[1..], out written, provider: CultureInfo.InvariantCulture);
        }
        else
        {
            value.TryFormat(span[1..], out written, "R", CultureInfo.InvariantCulture);
        }

        span[1 + written] = (byte)'\n';
        _used += written + 2;
    }
}
