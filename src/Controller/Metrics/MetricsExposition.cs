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
    /// the flush), then the registry through a stream over the same pipe, so the two stay in order.
    /// </summary>
    public static async Task WriteAsync(PipeWriter output, Action<IBufferWriter<byte>> snapshot, CollectorRegistry registry, CancellationToken cancellationToken)
    {
        snapshot(output);
        await output.FlushAsync(cancellationToken);
        await using var stream = output.AsStream(leaveOpen: true);
        await registry.CollectAndExportAsTextAsync(stream, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
