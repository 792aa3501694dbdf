using System.Buffers;
using System.Text;
using HealthChecks.Controller.Status;

namespace HealthChecks.Controller.Tests.Status;

public sealed class Utf8SpillTests
{
    [Fact]
    public void SpillIfFull_BelowTheThreshold_KeepsTheText()
    {
        var output = new ArrayBufferWriter<byte>();
        var spill = new Utf8Spill(output);
        spill.Text.Append('a', Utf8Spill.SpillAt - 1);

        spill.SpillIfFull();

        Assert.Equal(0, output.WrittenCount);
        Assert.Equal(Utf8Spill.SpillAt - 1, spill.Text.Length);
    }

    [Fact]
    public void SpillIfFull_AtTheThreshold_SendsItOnAsUtf8AndEmptiesTheBuilder()
    {
        var output = new ArrayBufferWriter<byte>();
        var spill = new Utf8Spill(output);
        var text = "ü ✓ <td>" + new string('x', Utf8Spill.SpillAt);
        spill.Text.Append(text);

        spill.SpillIfFull();

        Assert.Equal(Encoding.UTF8.GetBytes(text), output.WrittenSpan.ToArray());
        Assert.Equal(0, spill.Text.Length);
    }

    [Fact]
    public void Spills_ManyOfThem_AddUpToTheWholeTextWithoutAPreamble()
    {
        var output = new ArrayBufferWriter<byte>();
        var spill = new Utf8Spill(output);
        var whole = new StringBuilder();
        for (var row = 0; row < 5_000; row++)
        {
            var line = $"<tr><td>ns-{row % 7}</td><td>check-{row} é 😀</td></tr>\n";
            spill.Text.Append(line);
            whole.Append(line);
            spill.SpillIfFull();
        }

        spill.Flush();

        Assert.Equal(Encoding.UTF8.GetBytes(whole.ToString()), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Spill_SurrogatePairSplitBetweenTwoSpills_KeptWhole()
    {
        var output = new ArrayBufferWriter<byte>();
        var spill = new Utf8Spill(output);
        spill.Text.Append('a', Utf8Spill.SpillAt - 1).Append('\uD83D'); // the high half ends the first spill
        spill.SpillIfFull();
        spill.Text.Append('\uDE00').Append('b'); // the low half starts the next
        spill.Flush();

        Assert.Equal(Encoding.UTF8.GetBytes(new string('a', Utf8Spill.SpillAt - 1) + "😀b"), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Flush_LoneSurrogate_ReplacementCharacter()
    {
        var output = new ArrayBufferWriter<byte>();
        var spill = new Utf8Spill(output);
        spill.Text.Append("a\uD800b\uDC00");

        spill.Flush();

        Assert.Equal("a\uFFFDb\uFFFD", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
