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
        await using var prometheus = await PrometheusServer.StartAsync([.. fixture.Controllers.Running.Select(r => new Uri(r.Url).Authority)]);

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

        // Every replica is scraped and exactly one leads (the chart's HealthChecksNoLeader reads this).
        await prometheus.WaitForAsync("count(up == 1)", r => Value(r) == fixture.Controllers.Running.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), ScrapeWait, "every replica scraped");
        Assert.Equal("1", Value(await prometheus.QueryAsync("sum(kuberhealthy_controller_leader)")));

        // The chart's HealthChecksSchedulerStalled joins families by their target labels: on real
        // scrapes that finds the leader's heartbeat, seconds old (the loop ticks every 10 s).
        var age = await prometheus.WaitForAsync(
            "time() - max((kuberhealthy_scheduler_last_tick_timestamp_seconds or process_start_time_seconds) and kuberhealthy_controller_leader == 1)",
            r => Value(r) is not null, ScrapeWait, "the leader's heartbeat age");
        Assert.InRange(double.Parse(Value(age)!, System.Globalization.CultureInfo.InvariantCulture), -5, 30);

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
        await using var controllers = await ControllerReplicas.StartAsync(fixture.ControlPlane, ns.Name);
        await new ManifestApplier(fixture.Client).ApplyYamlAsync(Scenarios.ShellCheck("flips", probed.BaseUri.ToString()), ns.Name);
        await using var prometheus = await PrometheusServer.StartAsync([.. controllers.All.Select(r => new Uri(r.Url).Authority)]);

        // Both replicas are scraped and serve the same state: each query below has a series per replica.
        var series = $"kuberhealthy_check{{check=\"{ns.Name}/flips\"}}";
        await prometheus.WaitForAsync(series, r => Values(r) is ["1", "1"], ScrapeWait, "the check up on both replicas in Prometheus");
        await prometheus.WaitForAsync("kuberhealthy_cluster_state", r => Values(r) is ["1", "1"], ScrapeWait, "a healthy cluster in Prometheus");

        Volatile.Write(ref healthy, 0);
        // Any replica takes a run request (with a token whose user may patch the khcheck); the leader runs it.
        var leader = await controllers.LeaderAsync(TimeSpan.FromSeconds(30));
        var follower = controllers.All.Single(r => r != leader);
        var token = fixture.ControlPlane.Cluster.Environment["ADMIN_TOKEN"];
        Assert.Equal(HttpStatusCode.Unauthorized, (await follower.PostAsync($"/api/run?namespace={ns.Name}&name=flips")).StatusCode);
        await Eventually.TrueAsync(
            async () => (await follower.PostAsync($"/api/run?namespace={ns.Name}&name=flips", token)).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30), "the run-now API to accept a second run on the follower");

        await prometheus.WaitForAsync("kuberhealthy_cluster_state", r => Values(r) is ["0", "0"], ScrapeWait, "an unhealthy cluster in Prometheus");
        var down = await prometheus.WaitForAsync(series, r => Values(r) is ["0", "0"], ScrapeWait, "the check down on both replicas");
        Assert.All(down.EnumerateArray(), s => Assert.Contains("did not answer 2xx", s.GetProperty("metric").GetProperty("error").GetString(), StringComparison.Ordinal));
        var failures = await prometheus.QueryAsync($"kuberhealthy_check_runs_total{{check=\"{ns.Name}/flips\",result=\"failure\",reason=\"CheckFailed\"}}");
        Assert.Equal(["1", "1"], Values(failures));
        Assert.Equal("1", Value(await prometheus.QueryAsync("sum(kuberhealthy_controller_leader)")));
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

    /// <summary>The values of an instant result's series, in the order Prometheus returned them.</summary>
    private static string[] Values(JsonElement result) =>
        [.. result.EnumerateArray().Select(s => s.GetProperty("value")[1].GetString() ?? "")];

    /// <summary>The value of a one-series instant result, or null when there is not exactly one series.</summary>
    private static string? Value(JsonElement result) =>
        result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
}
