using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HealthChecks.TestKit;

namespace HealthChecks.Chart.Tests;

/// <summary>
/// The PrometheusRule: where it is rendered, its labels, and its rules checked by promtool
/// (<c>check rules</c> on its .spec; <c>test rules</c> with Rules/alerts.test.yaml, which fires
/// each alert on synthetic series and keeps it quiet on healthy ones).
/// </summary>
public sealed partial class PrometheusRuleTests
{
    private static readonly string[] Enabled = ["--set", "prometheus.enabled=true", "--set", "prometheus.prometheusRule.enabled=true"];

    private static readonly string[] Alerts = ["HealthChecksCheckFailing", "HealthChecksCheckStale", "HealthChecksControllerDown", "HealthChecksNoLeader", "HealthChecksSchedulerStalled"];

    [Fact]
    public async Task Rendered_OnlyWithTheOperatorsCrdsOrForced_AlsoByUpstreamsEnableAlerting()
    {
        await ServiceMonitorTests.AssertRenderedOnlyWithOperatorAsync("PrometheusRule", Enabled);
        Assert.Single((await Helm.TemplateAsync(["--set", "prometheus.enabled=true", "--set", "prometheus.enableAlerting=true", .. Helm.WithPrometheusOperator])).OfKind("PrometheusRule"));
    }

    [Fact]
    public async Task Spec_PassesPromtoolCheckRules()
    {
        using var dir = ChartTools.NewTempDirectory();
        await WriteSpecAsync(dir.File("rules.yaml"), await RuleAsync());
        var result = await ProcessRunner.RunAsync(ChartTools.Promtool, ["check", "rules", dir.File("rules.yaml")], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains($"SUCCESS: {Alerts.Length} rules found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spec_PromtoolUnitTests_FireEachAlertOnItsSymptomOnly()
    {
        using var dir = ChartTools.NewTempDirectory();
        await WriteSpecAsync(dir.File("rules.yaml"), await RuleAsync());
        var tests = Path.Combine(RepositoryPaths.Root, "tests", "Chart.Tests", "Rules", "alerts.test.yaml");
        File.Copy(tests, dir.File("alerts.test.yaml"));
        foreach (var alert in Alerts)
        {
            Assert.Contains("alertname: " + alert, await File.ReadAllTextAsync(tests), StringComparison.Ordinal);
        }

        var result = await ProcessRunner.RunAsync(ChartTools.Promtool, ["test", "rules", dir.File("alerts.test.yaml")], TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("SUCCESS", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAlert_HasSeveritySummaryDescriptionAndARunbookSection()
    {
        var runbooks = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "runbooks.md"));
        var sections = HeadingPattern().Matches(runbooks).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();
        var rules = Rules(await RuleAsync());
        Assert.Equal(Alerts, rules.Select(r => (string?)r["alert"]));
        foreach (var rule in rules)
        {
            Assert.Contains((string?)rule["labels"]?["severity"], new[] { "critical", "warning", "info" });
            Assert.EndsWith(".", (string?)rule["annotations"]?["summary"], StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace((string?)rule["annotations"]?["description"]));
            var url = (string?)rule["annotations"]?["runbook_url"] ?? "";
            Assert.Contains("docs/runbooks.md#", url, StringComparison.Ordinal);
            Assert.Contains(url[(url.IndexOf('#', StringComparison.Ordinal) + 1)..], sections);
            Assert.Contains("job=\"healthchecks\"", (string?)rule["expr"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Settings_DisableRetimeRelabelAndSelect()
    {
        var rule = await RuleAsync("-f", Path.Combine(ChartTools.CiValuesDirectory, "monitoring-values.yaml"));
        var labels = Json.Map(rule["metadata"]?["labels"]);
        Assert.Equal("kube-prometheus-stack", labels["release"]);
        Assert.Equal("alert-rules", labels["role"]);
        var rules = Rules(rule);
        Assert.DoesNotContain("HealthChecksCheckStale", rules.Select(r => (string?)r["alert"]));
        var failing = rules.Single(r => (string?)r["alert"] == "HealthChecksCheckFailing");
        Assert.Equal("15m", (string?)failing["for"]);
        Assert.Equal("critical", (string?)failing["labels"]?["severity"]);
        Assert.All(rules, r => Assert.Equal("sre", (string?)r["labels"]?["team"]));
        Assert.All(rules, r => Assert.StartsWith("https://grafana.example/", (string?)r["annotations"]?["dashboard_url"], StringComparison.Ordinal));

        var selected = Rules(await RuleAsync("--set", "prometheus.prometheusRule.selector=job=\"kh\"\\,cluster=\"a\""));
        Assert.All(selected, r => Assert.Contains("{job=\"kh\",cluster=\"a\"}", (string?)r["expr"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamValues_RuleLabelsUnderServiceMonitor_AndNamespace_AreHonoured()
    {
        var rule = await RuleAsync("-f", Path.Combine(ChartTools.CiValuesDirectory, "upstream-alerting-values.yaml"));
        Assert.Equal("monitoring", (string?)rule["metadata"]?["namespace"]);
        Assert.Equal("prometheus-operator", Json.Map(rule["metadata"]?["labels"])["release"]);
        Assert.All(Rules(rule), r => Assert.Equal("critical", (string?)r["labels"]?["severity"]));
    }

    /// <summary>Writes a PrometheusRule's .spec as a plain rules file (what promtool reads).</summary>
    internal static async Task WriteSpecAsync(string path, JsonObject prometheusRule) =>
        await File.WriteAllTextAsync(path, prometheusRule["spec"]!.ToJsonString());

    private static async Task<JsonObject> RuleAsync(params string[] arguments) =>
        (await Helm.TemplateAsync([.. Enabled, .. Helm.WithPrometheusOperator, .. arguments])).Single("PrometheusRule");

    private static List<JsonNode> Rules(JsonObject prometheusRule) =>
        prometheusRule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!).ToList();

    [GeneratedRegex(@"^## (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();
}
