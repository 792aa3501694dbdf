using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HealthChecks.Controller.Status;

/// <summary>
/// Writes the v2 status document as UTF-8 into a buffer writer (the response's pipe): synchronous
/// serialization, no intermediate string, which for 10,000 checks (megabytes) is the cheap way.
/// </summary>
public static class StatusJson
{
    // With a writer of our own, its options decide the layout: two-space indent as upstream's
    // MarshalIndent, quotes and non-ASCII letters left readable (see StatusJsonContext.Relaxed).
    private static readonly JsonWriterOptions Layout = new() { Indented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IBufferWriter<byte> output, StatusView view)
    {
        using var writer = new Utf8JsonWriter(output, Layout);
        JsonSerializer.Serialize(writer, StatusDocument.From(view), StatusJsonContext.Relaxed.StatusDocument);
    }
}
