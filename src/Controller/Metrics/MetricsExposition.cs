using System.Buffers;
using System.IO.Pipelines;
using Prometheus;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// One <c>/metrics</c> body in text format 0.0.4: first the snapshot families our own writer
/// renders from the watch caches, then the prometheus-net registry's (the event-driven instruments,
/// the process and the runtime). Both parts speak the same format, and their family names differ.
/// </summary>
public static class MetricsExposition
{
    /// <summary>
    /// The snapshot is written synchronously into <paramref name="output"/>'s buffer (no I/O until
    /// the flush). The registry's part is a few hundred lines, rendered into memory first: its
    /// serializer makes a write per token, and each write to a stream over the response pipe is a
    /// flush, a send of its own (over HTTP that cost more than the whole snapshot).
    /// </summary>
    public static async Task WriteAsync(PipeWriter output, Action<IBufferWriter<byte>> snapshot, CollectorRegistry registry, CancellationToken cancellationToken)
    {
        snapshot(output);
        using var registryText = new MemoryStream(16 * 1024);
        await registry.CollectAndExportAsTextAsync(registryText, cancellationToken);
        output.Write(registryText.GetBuffer().AsSpan(0, (int)registryText.Length));
        await output.FlushAsync(cancellationToken);
    }
}
