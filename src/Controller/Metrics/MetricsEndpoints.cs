using Prometheus;

namespace HealthChecks.Controller.Metrics;

/// <summary><c>GET /metrics</c>: Prometheus text format 0.0.4, on every replica, from the watch caches and the app's registry.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // Counting starts with the first khstate event, so the counter must exist before the watch runs.
        app.ServiceProvider.GetRequiredService<RunCounter>();
        app.ServiceProvider.GetRequiredService<RuntimeCollectors>();
        app.MapGet("/metrics", ServeAsync);
        return app;
    }

    // Written into the response's pipe as it is rendered (chunked, no length): no copy of the
    // scrape is built first, which at 10,000 checks is 6 MB.
    private static Task ServeAsync(HttpContext http, MetricsSource metrics, CollectorRegistry registry)
    {
        http.Response.ContentType = PrometheusTextWriter.ContentType;
        return MetricsExposition.WriteAsync(http.Response.BodyWriter, metrics.Render, registry, http.RequestAborted);
    }
}
