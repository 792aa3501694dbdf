using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HealthChecks.TestKit;

namespace HealthChecks.Chart.Tests;

/// <summary>
/// The dashboard (charts/healthchecks/dashboards/healthchecks.json): a ConfigMap for the Grafana
/// sidecar with a configurable label, the same JSON as the file for manual import, and queries
/// that promtool parses and that use only the controller's metrics.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    /// <summary>The metrics the controller serves (DESIGN.md §2 and the status/metrics issue), plus Prometheus' own <c>up</c>.</summary>
    private static readonly HashSet<string> KnownMetrics =
    [
        "up", "kuberhealthy_running", "kuberhealthy_cluster_state", "kuberhealthy_check", "kuberhealthy_check_duration_seconds",
        "kuberhealthy_job", "kuberhealthy_job_duration_seconds", "kuberhealthy_check_runs_total", "kuberhealthy_check_consecutive_failures",
        "kuberhealthy_check_last_success_timestamp_seconds", "kuberhealthy_check_stale", "kuberhealthy_controller_leader",
        "kuberhealthy_scheduler_last_tick_timestamp_seconds", "kuberhealthy_reaper_deleted_pods_total",
    ];

    private static string DashboardFile => Path.Combine(ChartTools.ChartDirectory, "dashboards", "healthchecks.json");

    [Fact]
    public async Task ConfigMap_OffByDefault_ThenLabelledForTheSidecarWithTheFilesJson()
    {
        Assert.DoesNotContain((await Helm.TemplateAsync()).OfKind("ConfigMap"), c => ((string?)c["metadata"]?["name"])!.EndsWith("-dashboard", StringComparison.Ordinal));

        var map = (await Helm.TemplateAsync("--set", "prometheus.grafanaDashboard.enabled=true")).Single("ConfigMap", Helm.Release + "-dashboard");
        Assert.Equal("1", Json.Map(map["metadata"]?["labels"])["grafana_dashboard"]);
        Assert.Equal(Helm.Namespace, (string?)map["metadata"]?["namespace"]);
        var json = (string?)map["data"]?["healthchecks.json"];
        Assert.Equal((await File.ReadAllTextAsync(DashboardFile)).TrimEnd(), json);
        Assert.True(Encoding.UTF8.GetByteCount(json!) < 512 * 1024, "a ConfigMap holds at most 1 MiB");

        var custom = (await Helm.TemplateAsync(
            "--set", "prometheus.grafanaDashboard.enabled=true", "--set", "prometheus.grafanaDashboard.label=dashboards",
            "--set", "prometheus.grafanaDashboard.labelValue=healthchecks", "--set", "prometheus.grafanaDashboard.namespace=grafana",
            "--set", "prometheus.grafanaDashboard.annotations.grafana_folder=SRE")).Single("ConfigMap", Helm.Release + "-dashboard");
        var labels = Json.Map(custom["metadata"]?["labels"]);
        Assert.Equal("healthchecks", labels["dashboards"]);
        Assert.DoesNotContain("grafana_dashboard", labels.Keys);
        Assert.Equal("grafana", (string?)custom["metadata"]?["namespace"]);
        Assert.Equal("SRE", Json.Map(custom["metadata"]?["annotations"])["grafana_folder"]);
    }

    [Fact]
    public void Dashboard_HasAStableUidADataSourceVariableAndTheIssuesPanels()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(DashboardFile))!;
        Assert.Equal("healthchecks-overview", (string?)dashboard["uid"]);
        var variables = dashboard["templating"]!["list"]!.AsArray();
        Assert.Contains(variables, v => (string?)v!["type"] == "datasource" && (string?)v["query"] == "prometheus");
        var panels = Panels(dashboard).ToList();
        Assert.All(panels.Where(p => (string?)p["type"] != "row"), p => Assert.Equal("${datasource}", (string?)p["datasource"]?["uid"]));
        var ids = panels.Select(p => (long?)p["id"]).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        // Cluster state, per-check state and history, durations, failure reasons, controller health.
        var queries = string.Join('\n', Expressions(dashboard));
        foreach (var metric in new[] { "kuberhealthy_cluster_state", "kuberhealthy_check{", "kuberhealthy_check_duration_seconds", "kuberhealthy_check_runs_total", "kuberhealthy_controller_leader", "up{" })
        {
            Assert.Contains(metric, queries, StringComparison.Ordinal);
        }

        Assert.Contains(panels, p => (string?)p["type"] == "state-timeline");
    }

    [Fact]
    public async Task Dashboard_EveryQuery_ParsesInPromtoolAndUsesOnlyTheControllersMetrics()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(DashboardFile))!;
        var expressions = Expressions(dashboard).ToList();
        Assert.True(expressions.Count >= 15, $"{expressions.Count} queries");

        // Grafana's variables replaced by values, each query as a recording rule: promtool parses them all.
        var rules = new JsonArray();
        foreach (var (expression, i) in expressions.Select((e, i) => (e, i)))
        {
            var promql = expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__range", "1h", StringComparison.Ordinal)
                .Replace("$job", ".*", StringComparison.Ordinal).Replace("$check", ".*", StringComparison.Ordinal);
            Assert.DoesNotContain("$", promql, StringComparison.Ordinal);
            rules.Add(new JsonObject { ["record"] = $"dashboard:query_{i}", ["expr"] = promql });
            foreach (var metric in MetricPattern().Matches(promql).Select(m => m.Groups[1].Value))
            {
                Assert.Contains(metric, KnownMetrics);
            }
        }

        using var dir = ChartTools.NewTempDirectory();
        var file = dir.File("dashboard-queries.yaml");
        await File.WriteAllTextAsync(file, new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "dashboard", ["rules"] = rules }) }.ToJsonString());
        var result = await ProcessRunner.RunAsync(ChartTools.Promtool, ["check", "rules", file], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    private static IEnumerable<JsonNode> Panels(JsonNode dashboard) =>
        dashboard["panels"]!.AsArray().SelectMany(p => new[] { p! }.Concat(p!["panels"]?.AsArray().Select(c => c!) ?? []));

    private static IEnumerable<string> Expressions(JsonNode dashboard) =>
        Panels(dashboard).SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => (string?)t!["expr"] ?? "").Where(e => e.Length > 0);

    [GeneratedRegex(@"\b(kuberhealthy_[a-zA-Z0-9_:]*)")]
    private static partial Regex MetricPattern();
}
