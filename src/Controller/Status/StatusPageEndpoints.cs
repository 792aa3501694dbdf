namespace HealthChecks.Controller.Status;

/// <summary><c>GET /ui</c>: the status page for people, from the watch caches like <c>/json</c>.</summary>
public static class StatusPageEndpoints
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui", ServeAsync);
        return app;
    }

    private static async Task ServeAsync(HttpContext http, StatusSource status)
    {
        var filter = NamespaceFilter.Parse(http.Request.Query["namespace"]);
        var all = status.Current();
        var namespaces = all.Checks.Concat(all.Jobs).Select(v => v.Key.Namespace).Distinct().Order(StringComparer.Ordinal).ToList();
        var view = filter is null ? all : status.Current(filter);
        http.Response.ContentType = "text/html; charset=utf-8";
        StatusPage.Render(view, namespaces, filter, http.Response.BodyWriter);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
