using HealthChecks.Controller.Api;
using HealthChecks.Controller.Metrics;

namespace HealthChecks.Controller.Status;

/// <summary>
/// <c>GET /</c> and <c>GET /json</c>: the v2 status document, always 200 as upstream, from the
/// watch caches. A request body is refused (400), as upstream: it is a checker posting its report
/// to the wrong URL. Also the probes, which never depend on leadership.
/// </summary>
public static class StatusEndpoints
{
    /// <summary>Maps the status document and page, the probes, the metrics and the run-now API: everything but report intake.</summary>
    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapMetrics();
        app.MapRunNow();
        app.MapStatusPage();
        // Any method, as upstream: a body gets 400 whatever the method, anything else the document.
        app.Map("/", ServeAsync);
        app.Map("/json", ServeAsync);
        // Refusing to run checks (CRDs that prune our fields) is not a liveness failure: a restart
        // cannot fix the CRDs, and a pod restarting in a loop would hide the status page that says why.
        app.MapGet("/healthz", (Hosting.Liveness liveness, Crds.CrdSchemaGate schema) =>
            liveness.Problem() is { } problem ? Results.Text(problem, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text(schema.Problem is { } refused ? "ok, alive, but " + refused.Message : "ok"));
        app.MapGet("/readyz", (Caching.ControllerCaches caches) =>
            caches.AllSynced ? Results.Text("ok") : Results.Text("caches not synced yet: " + caches.SyncProblem(), statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    /// <summary>True when the request carries a body (a length, or chunked).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static async Task ServeAsync(HttpContext http, StatusSource status)
    {
        if (HasBody(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("this endpoint takes no request body; checkers report to /check (or /externalCheckStatus)");
            return;
        }

        var view = status.Current(NamespaceFilter.Parse(http.Request.Query["namespace"]));
        http.Response.ContentType = "application/json";
        StatusJson.Write(http.Response.BodyWriter, view);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
