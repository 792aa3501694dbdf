using System.Buffers;
using System.Text;
using HealthChecks.Controller.Metrics;

namespace HealthChecks.Controller.Tests.Metrics;

public class PrometheusTextWriterTests
{
    private static string Write(Action<PrometheusTextWriter> write)
    {
        var bytes = new ArrayBufferWriter<byte>();
        var writer = new PrometheusTextWriter(bytes);
        write(writer);
        writer.Flush();
        return Encoding.UTF8.GetString(bytes.WrittenSpan);
    }

    [Fact]
    public void Family_WritesHelpAndType()
    {
        var text = Write(w => w.Family("a_total", "counter", "Counts \\ things\nof two lines \"quoted\""));

        Assert.Equal("# HELP a_total Counts \\\\ things\\nof two lines \"quoted\"\n# TYPE a_total counter\n", text);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    [InlineData("tab\tand\rcr stay", "tab\tand\rcr stay")]
    [InlineData("ünïcode ✓", "ünïcode ✓")]
    [InlineData("", "")]
    public void Sample_LabelValue_Escaped(string value, string expected)
    {
        var text = Write(w => w.Sample("m", "l", value, 1));

        Assert.Equal($"m{{l=\"{expected}\"}} 1\n", text);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(-2, "-2")]
    [InlineData(22.512278967, "22.512278967")]
    [InlineData(1704110460.5, "1704110460.5")]
    [InlineData(0.00001, "1E-05")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Sample_Value_GoParsable(double value, string expected)
    {
        Assert.Equal($"m {expected}\n", Write(w => w.Sample("m", value)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(7.0)]
    [InlineData(-123456.0)]
    [InlineData(1704110460.0)]
    [InlineData(999999999999999.0)]
    [InlineData(1e15)]
    [InlineData(-1e15)]
    [InlineData(1e300)]
    [InlineData(4.5)]
    public void Sample_Value_WholeNumbersWrittenAsTheRoundTripFormWould(double value)
    {
        // Whole numbers take a faster path; what it writes must not differ from the general one.
        var expected = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal($"m {expected}\n", Write(w => w.Sample("m", value)));
    }

    [Fact]
    public void Sample_Value_NegativeZeroKeepsItsSign() => Assert.Equal("m -0\n", Write(w => w.Sample("m", -0.0)));

    [Fact]
    public void Sample_Labels_InTheOrderGiven()
    {
        var text = Write(w =>
        {
            w.Sample("m", "b", "1", "a", "2", 3);
            w.Sample("m", [("z", "1"), ("y", "2"), ("x", "3")], 4);
        });

        Assert.Equal("m{b=\"1\",a=\"2\"} 3\nm{z=\"1\",y=\"2\",x=\"3\"} 4\n", text);
    }

    [Fact]
    public void Sample_LongLabelValue_WholeAndEscaped()
    {
        // Longer than one encoding slice (4,096 chars), with escapes and multi-byte chars throughout.
        var value = string.Concat(Enumerable.Repeat("line \"q\" \\ ü ✓ 😀\n", 10_000));
        var expected = value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

        Assert.Equal($"m{{l=\"{expected}\"}} 1\n", Write(w => w.Sample("m", "l", value, 1)));
    }

    [Fact]
    public void Sample_SurrogatePairAcrossASliceBoundary_KeptWhole()
    {
        var value = new string('a', 4_095) + "😀" + new string('b', 5_000);

        Assert.Equal($"m{{l=\"{value}\"}} 1\n", Write(w => w.Sample("m", "l", value, 1)));
    }

    [Fact]
    public void Sample_LoneSurrogate_ReplacementCharacter()
    {
        Assert.Equal("m{l=\"a\uFFFDb\"} 1\n", Write(w => w.Sample("m", "l", "a\uD800b", 1)));
    }

    [Fact]
    public void Flush_WrittenOnlyWhenFlushed_InBlocksNotPerToken()
    {
        var output = new CountingBufferWriter();
        var writer = new PrometheusTextWriter(output);
        for (var i = 0; i < 1_000; i++)
        {
            writer.Sample("m", "check", $"ns/check-{i}", "namespace", "ns", i);
        }

        var total = Enumerable.Range(0, 1_000).Sum(i => $"m{{check=\"ns/check-{i}\",namespace=\"ns\"}} {i}\n".Length);
        Assert.InRange(output.Written, 1, total - 1); // full blocks handed over, the last one held
        writer.Flush();

        Assert.InRange(output.Advances, 2, 5); // 47 KB in 16 KB blocks, not 11 advances a line
        Assert.Equal(total, output.Written);
    }

    private sealed class CountingBufferWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();

        public int Advances { get; private set; }

        public int Written => _inner.WrittenCount;

        public void Advance(int count)
        {
            Advances++;
            _inner.Advance(count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
    }
}
