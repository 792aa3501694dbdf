using Prometheus;

namespace HealthChecks.Controller.Metrics;

/// <summary><c>GET /metrics</c>: Prometheus text format 0.0.4, on every replica, from the watch caches and the app's registry.</summary>
public static class MetricsEndpoints
{
    // The last scrape's size: the next buffer starts that large instead of doubling its way up.
    private static int _lastLength = 64 * 1024;

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // Counting starts with the first khstate event, so the counter must exist before the watch runs.
        app.ServiceProvider.GetRequiredService<RunCounter>();
        app.ServiceProvider.GetRequiredService<RuntimeCollectors>();
        app.MapGet("/metrics", ServeAsync);
        return app;
    }

    private static async Task ServeAsync(HttpContext http, MetricsSource metrics, CollectorRegistry registry)
    {
        // Rendered in memory first: Kestrel allows no synchronous writes, and the length is then known.
        using var buffer = new MemoryStream(Volatile.Read(ref _lastLength) + 4096);
        await MetricsExposition.WriteAsync(buffer, metrics.Render, registry, http.RequestAborted);

        Volatile.Write(ref _lastLength, (int)Math.Min(buffer.Length, 256L * 1024 * 1024));
        http.Response.ContentType = PrometheusTextWriter.ContentType;
        http.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
