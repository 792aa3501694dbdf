using HealthChecks.Controller.Metrics;
using HealthChecks.TestKit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace HealthChecks.Controller.Tests.Metrics;

public class RequestMetricsTests
{
    private const string Duration = "kuberhealthy_http_request_duration_seconds";

    private readonly Scrape _scrape = new();
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Observe_PathThatMatchesNoRoute_CreatesNoSeries()
    {
        var http = Request("/wp-admin/../../etc/passwd", template: null);

        await RequestMetrics.ObserveAsync(http, Answer(StatusCodes.Status404NotFound), _scrape.Metrics, _time);

        Assert.Empty(_scrape.Samples(Duration + "_count"));
        Assert.DoesNotContain("passwd", _scrape.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_MatchedRoute_LabelledWithTemplateNotRawPath()
    {
        var http = Request("/items/42", template: "/items/{id}");

        await RequestMetrics.ObserveAsync(http, Answer(StatusCodes.Status202Accepted, TimeSpan.FromMilliseconds(30)), _scrape.Metrics, _time);

        Assert.Equal([Duration + "_count{endpoint=\"/items/{id}\",code=\"202\"} 1"], _scrape.Samples(Duration + "_count"));
        Assert.Contains(Duration + "_bucket{endpoint=\"/items/{id}\",code=\"202\",le=\"0.025\"} 0", _scrape.Samples(Duration + "_bucket"));
        Assert.Contains(Duration + "_bucket{endpoint=\"/items/{id}\",code=\"202\",le=\"0.05\"} 1", _scrape.Samples(Duration + "_bucket"));
        Assert.DoesNotContain("/items/42", _scrape.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_HandlerThrows_CountedAs500AndRethrown()
    {
        var http = Request("/check", template: "/check");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RequestMetrics.ObserveAsync(http, _ => throw new InvalidOperationException("boom"), _scrape.Metrics, _time));

        Assert.Equal([Duration + "_count{endpoint=\"/check\",code=\"500\"} 1"], _scrape.Samples(Duration + "_count"));
    }

    private static DefaultHttpContext Request(string path, string? template)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        if (template is not null)
        {
            http.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(template), 0, EndpointMetadataCollection.Empty, template));
        }

        return http;
    }

    private RequestDelegate Answer(int status, TimeSpan? takes = null) => http =>
    {
        _time.Advance(takes ?? TimeSpan.Zero);
        http.Response.StatusCode = status;
        return Task.CompletedTask;
    };
}
