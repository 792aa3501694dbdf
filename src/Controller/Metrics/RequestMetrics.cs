namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Times every request that matched a route into <c>kuberhealthy_http_request_duration_seconds</c>,
/// labelled with the route's template, never the raw path: what a scanner sends to paths we do not
/// serve matches no route and is not counted, so it cannot create series.
/// </summary>
public static class RequestMetrics
{
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<ControllerMetrics>();
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(next => http => ObserveAsync(http, next, metrics, time));
    }

    internal static async Task ObserveAsync(HttpContext http, RequestDelegate next, ControllerMetrics metrics, TimeProvider time)
    {
        var started = time.GetTimestamp();
        var failed = false;
        try
        {
            await next(http);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template })
            {
                // An exception leaves the response to the server, which answers 500.
                metrics.ObserveRequest(template, failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode, time.GetElapsedTime(started));
            }
        }
    }
}
