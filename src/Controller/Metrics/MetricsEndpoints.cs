using System.Text;

namespace HealthChecks.Controller.Metrics;

/// <summary><c>GET /metrics</c>: Prometheus text format 0.0.4, on every replica, from the watch caches.</summary>
public static class MetricsEndpoints
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // The last scrape's size: the next buffer starts that large instead of doubling its way up.
    private static int _lastLength = 64 * 1024;

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // Counting starts with the first khstate event, so the counter must exist before the watch runs.
        app.ServiceProvider.GetRequiredService<RunCounter>();
        app.MapGet("/metrics", ServeAsync);
        return app;
    }

    private static async Task ServeAsync(HttpContext http, MetricsSource metrics)
    {
        // Rendered in memory first: Kestrel allows no synchronous writes, and the length is then known.
        using var buffer = new MemoryStream(Volatile.Read(ref _lastLength) + 4096);
        using (var text = new StreamWriter(buffer, Utf8, 64 * 1024, leaveOpen: true))
        {
            metrics.Render(text);
        }

        Volatile.Write(ref _lastLength, (int)Math.Min(buffer.Length, 256L * 1024 * 1024));
        http.Response.ContentType = PrometheusTextWriter.ContentType;
        http.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
