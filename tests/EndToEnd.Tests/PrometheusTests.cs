using System.Net;
using System.Text.Json;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>A real Prometheus scrapes the controller: the upstream Grafana dashboard works unchanged, and a failing check shows as an unhealthy cluster.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class PrometheusTests(EndToEndFixture fixture)
{
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_query_of_the_upstream_Grafana_dashboard_returns_data()
    {
        await fixture.ResultAsync(Scenarios.ReportsFailure, TimeSpan.FromMinutes(2));
        await using var prometheus = await PrometheusServer.StartAsync(new Uri(fixture.Url).Authority);

        var expressions = DashboardExpressions();
        Assert.Equal(["avg(kuberhealthy_check) by(check)", "avg(kuberhealthy_cluster_state)", "avg(kuberhealthy_running)"], expressions);
        foreach (var expression in expressions)
        {
            await prometheus.WaitForAsync(expression, result => result.GetArrayLength() > 0, ScrapeWait, "data for a dashboard panel");
        }

        // The check history panel's series are named by our check label, "<namespace>/<name>", as upstream's.
        var byCheck = await prometheus.QueryAsync("avg(kuberhealthy_check) by(check)");
        var failing = byCheck.EnumerateArray().Single(s => s.GetProperty("metric").GetProperty("check").GetString() == $"{fixture.Namespace}/{Scenarios.ReportsFailure}");
        Assert.Equal("0", failing.GetProperty("value")[1].GetString());
        Assert.Equal("0", Value(await prometheus.QueryAsync("avg(kuberhealthy_cluster_state)")));
        Assert.Equal("1", Value(await prometheus.QueryAsync("avg(kuberhealthy_running)")));

        // The same text, with the failures' real error messages, passes promtool's parser and linter.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (exitCode, findings) = await Promtool.CheckMetricsAsync(await http.GetStringAsync(fixture.Url + "/metrics"));
        Assert.True(exitCode == 0 && findings.Length == 0, $"promtool check metrics: exit {exitCode}\n{findings}");
    }

    [Fact]
    public async Task A_check_that_starts_failing_flips_the_cluster_state_to_0_in_Prometheus()
    {
        // What the check probes: 200 until the test says otherwise.
        var healthy = 1;
        await using var probed = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(Volatile.Read(ref healthy) == 1 ? 200 : 503));
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("prom", waitForServiceAccount: true);
        var (controller, url) = await ControllerLauncher.StartAsync(fixture.ControlPlane, ns.Name);
        await using var _ = controller;
        await new ManifestApplier(fixture.Client).ApplyYamlAsync(Scenarios.ShellCheck("flips", probed.BaseUri.ToString()), ns.Name);
        await using var prometheus = await PrometheusServer.StartAsync(new Uri(url).Authority);

        var series = $"kuberhealthy_check{{check=\"{ns.Name}/flips\"}}";
        await prometheus.WaitForAsync(series, r => Value(r) == "1", ScrapeWait, "the check up in Prometheus");
        await prometheus.WaitForAsync("kuberhealthy_cluster_state", r => Value(r) == "1", ScrapeWait, "a healthy cluster in Prometheus");

        Volatile.Write(ref healthy, 0);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(
            async () => (await http.PostAsync($"{url}/api/run?namespace={ns.Name}&name=flips", null)).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30), "the run-now API to accept a second run");

        await prometheus.WaitForAsync("kuberhealthy_cluster_state", r => Value(r) == "0", ScrapeWait, "an unhealthy cluster in Prometheus");
        var down = await prometheus.QueryAsync(series);
        Assert.Equal("0", Value(down));
        Assert.Contains("did not answer 2xx", down[0].GetProperty("metric").GetProperty("error").GetString(), StringComparison.Ordinal);
        var failures = await prometheus.QueryAsync($"kuberhealthy_check_runs_total{{check=\"{ns.Name}/flips\",result=\"failure\",reason=\"CheckFailed\"}}");
        Assert.Equal("1", Value(failures));
    }

    /// <summary>Every PromQL expression of upstream's dashboard, distinct and sorted.</summary>
    private static List<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Reference(Path.Combine("v2-master", "deploy__grafana__dashboard.json"))));
        var found = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                        {
                            found.Add(property.Value.GetString()!);
                        }

                        Walk(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(dashboard.RootElement);
        return [.. found];
    }

    /// <summary>The value of a one-series instant result, or null when there is not exactly one series.</summary>
    private static string? Value(JsonElement result) =>
        result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
}
