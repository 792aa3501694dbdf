using System.Text.Json;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Hosting;

namespace HealthChecks.Controller.Status;

/// <summary><c>GET /</c> and <c>GET /json</c>: the v2 status document; a request body is refused (400), as upstream.</summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Serve);
        app.MapGet("/json", Serve);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (ControllerCaches caches) =>
            caches.AllSynced ? Results.Text("ok") : Results.Text("caches not synced yet", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    private static IResult Serve(HttpContext http, ControllerCaches caches, LeadershipService leadership)
    {
        if (http.Request.ContentLength > 0)
        {
            return Results.Text("this endpoint takes no request body; checkers report to /externalCheckStatus", statusCode: 400);
        }

        var filter = http.Request.Query["namespace"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        var document = StatusAggregator.Build(
            caches.States.Snapshot(),
            key => caches.Jobs.Get(key.Namespace, key.Name) is not null && caches.Checks.Get(key.Namespace, key.Name) is null,
            leadership.CurrentLeader ?? "",
            filter.Count == 0 ? null : filter);
        return Results.Text(JsonSerializer.Serialize(document, StatusJsonContext.Default.StatusDocument), "application/json");
    }
}
