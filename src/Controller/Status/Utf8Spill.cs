using System.Buffers;
using System.Text;

namespace HealthChecks.Controller.Status;

/// <summary>
/// A <see cref="StringBuilder"/> whose text goes on, as UTF-8, to a buffer (the response's pipe)
/// each time it holds <see cref="SpillAt"/> characters: a page is still built with the builder's
/// conveniences, yet the page for 10,000 checks (3.7 MB) never exists whole as a string. Whole, it
/// was a builder presized to 12 MB and a 7.4 MB string, both on the large-object heap, whose
/// allocations start full collections: every request paid one over the controller's whole heap.
/// </summary>
internal sealed class Utf8Spill(IBufferWriter<byte> output)
{
    public const int SpillAt = 16 * 1024;

    // One encoder for the whole page: it keeps a surrogate pair that a spill splits in two. A
    // lone surrogate becomes U+FFFD, as the UTF-8 encoding of a whole string did.
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();

    public StringBuilder Text { get; } = new(SpillAt + 4 * 1024);

    /// <summary>Sends the text on if the builder holds <see cref="SpillAt"/> characters or more.</summary>
    public void SpillIfFull()
    {
        if (Text.Length >= SpillAt)
        {
            Spill(final: false);
        }
    }

    /// <summary>Sends the rest on. Call it once, after the last text.</summary>
    public void Flush() => Spill(final: true);

    private void Spill(bool final)
    {
        foreach (var chunk in Text.GetChunks())
        {
            _encoder.Convert(chunk.Span, output, flush: false, out _, out _);
        }

        if (final)
        {
            _encoder.Convert([], output, flush: true, out _, out _);
        }

        Text.Clear();
    }
}
