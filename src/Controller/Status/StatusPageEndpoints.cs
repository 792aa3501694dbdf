namespace HealthChecks.Controller.Status;

/// <summary><c>GET /ui</c>: the status page for people, from the watch caches like <c>/json</c>.</summary>
public static class StatusPageEndpoints
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui", Serve);
        return app;
    }

    private static IResult Serve(HttpContext http, StatusSource status)
    {
        var filter = NamespaceFilter.Parse(http.Request.Query["namespace"]);
        var all = status.Current();
        var namespaces = all.Checks.Concat(all.Jobs).Select(v => v.Key.Namespace).Distinct().Order(StringComparer.Ordinal).ToList();
        var view = filter is null ? all : status.Current(filter);
        return Results.Text(StatusPage.Render(view, namespaces, filter), "text/html; charset=utf-8");
    }
}
