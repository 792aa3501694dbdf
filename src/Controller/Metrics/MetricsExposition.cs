using System.Text;
using Prometheus;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// One <c>/metrics</c> body in text format 0.0.4: first the snapshot families our own writer
/// renders from the watch caches, then the prometheus-net registry's (the event-driven instruments,
/// the process and the runtime). Both parts speak the same format, and their family names differ.
/// </summary>
public static class MetricsExposition
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteAsync(Stream output, Action<TextWriter> snapshot, CollectorRegistry registry, CancellationToken cancellationToken)
    {
        using (var text = new StreamWriter(output, Utf8, 64 * 1024, leaveOpen: true))
        {
            snapshot(text);
        }

        await registry.CollectAndExportAsTextAsync(output, cancellationToken);
    }
}
