namespace HealthChecks.Chart.Tests;

/// <summary>The ServiceMonitor: rendered only where the Prometheus Operator is (or forced), selected by the labels kube-prometheus-stack wants, pointing at the controller's named port.</summary>
public sealed class ServiceMonitorTests
{
    private static readonly string[] Enabled = ["--set", "prometheus.enabled=true", "--set", "prometheus.serviceMonitor.enabled=true"];

    [Fact]
    public Task Rendered_OnlyWithTheOperatorsCrdsOrForced() => AssertRenderedOnlyWithOperatorAsync("ServiceMonitor", Enabled);

    [Fact]
    public async Task Selector_MatchesTheServiceAndItsNamedPort()
    {
        var chart = await Helm.TemplateAsync([.. Enabled, .. Helm.WithPrometheusOperator]);
        var monitor = chart.Single("ServiceMonitor");
        var service = chart.Single("Service");
        var serviceLabels = Json.Map(service["metadata"]?["labels"]);
        var selector = Json.Map(monitor["spec"]?["selector"]?["matchLabels"]);
        Assert.NotEmpty(selector);
        Assert.All(selector, pair => Assert.Equal(pair.Value, serviceLabels.GetValueOrDefault(pair.Key)));
        // It must not also select the checks' objects or another release's Service.
        Assert.Equal("controller", selector["app.kubernetes.io/component"]);
        Assert.Equal(Helm.Release, selector["app.kubernetes.io/instance"]);
        Assert.Equal([(string)service["metadata"]!["namespace"]!], Json.Strings(monitor["spec"]?["namespaceSelector"]?["matchNames"]));

        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;
        Assert.Contains((string?)endpoint["port"], service["spec"]!["ports"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal("/metrics", (string?)endpoint["path"]);
        Assert.Equal("15s", (string?)endpoint["interval"]);
        Assert.Equal("10s", (string?)endpoint["scrapeTimeout"]);
        Assert.True((bool?)endpoint["honorLabels"]);
        Assert.Null(endpoint["bearerTokenFile"]);
    }

    [Fact]
    public async Task Labels_NoReleaseUnlessSet_ThenReleaseAndAdditionalLabels()
    {
        var plain = (await Helm.TemplateAsync([.. Enabled, .. Helm.WithPrometheusOperator])).Single("ServiceMonitor");
        Assert.DoesNotContain("release", Json.Map(plain["metadata"]?["labels"]).Keys);

        var monitor = (await Helm.TemplateAsync(["-f", Path.Combine(ChartTools.CiValuesDirectory, "monitoring-values.yaml"), .. Helm.WithPrometheusOperator])).Single("ServiceMonitor");
        var labels = Json.Map(monitor["metadata"]?["labels"]);
        Assert.Equal("kube-prometheus-stack", labels["release"]);
        Assert.Equal("sre", labels["team"]);
        Assert.Equal("prometheus", labels["prometheus"]);
        var endpoint = monitor["spec"]!["endpoints"]![0]!;
        Assert.Equal("30s", (string?)endpoint["interval"]);
        Assert.Equal("20s", (string?)endpoint["scrapeTimeout"]);
        Assert.Equal("node", (string?)endpoint["relabelings"]?[0]?["targetLabel"]);
        Assert.Equal("drop", (string?)endpoint["metricRelabelings"]?[0]?["action"]);
        Assert.Equal(["app.kubernetes.io/instance"], Json.Strings(monitor["spec"]?["targetLabels"]));
    }

    [Fact]
    public async Task UpstreamKeys_EndpointsAndNamespace_AreHonoured()
    {
        var monitor = (await Helm.TemplateAsync(["-f", Path.Combine(ChartTools.CiValuesDirectory, "upstream-alerting-values.yaml"), .. Helm.WithPrometheusOperator])).Single("ServiceMonitor");
        Assert.Equal("monitoring", (string?)monitor["metadata"]?["namespace"]);
        Assert.Equal("prometheus-operator", Json.Map(monitor["metadata"]?["labels"])["release"]);
        Assert.Equal([Helm.Namespace], Json.Strings(monitor["spec"]?["namespaceSelector"]?["matchNames"]));
        var endpoint = monitor["spec"]!["endpoints"]![0]!;
        Assert.Equal("60s", (string?)endpoint["interval"]);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", (string?)endpoint["bearerTokenFile"]);
    }

    /// <summary>
    /// A Prometheus Operator kind is rendered when enabled and the cluster serves it, or when forced;
    /// never without prometheus.enabled. <c>--api-versions monitoring.coreos.com/v1</c> (the group
    /// version alone, as people type it for helm template) counts as serving every kind; a cluster
    /// that lists the version with other kinds only does not serve this one.
    /// </summary>
    internal static async Task AssertRenderedOnlyWithOperatorAsync(string kind, string[] enable)
    {
        Assert.Empty((await Helm.TemplateAsync(enable)).OfKind(kind));
        Assert.Single((await Helm.TemplateAsync([.. enable, .. Helm.WithPrometheusOperator])).OfKind(kind));
        Assert.Single((await Helm.TemplateAsync([.. enable, "--api-versions", "monitoring.coreos.com/v1"])).OfKind(kind));
        Assert.Empty((await Helm.TemplateAsync([.. enable, "--api-versions", "monitoring.coreos.com/v1", "--api-versions", "monitoring.coreos.com/v1/Probe"])).OfKind(kind));
        Assert.Single((await Helm.TemplateAsync([.. enable, "--set", "prometheus.force=true"])).OfKind(kind));
        Assert.Empty((await Helm.TemplateAsync([.. enable, "--set", "prometheus.enabled=false", .. Helm.WithPrometheusOperator])).OfKind(kind));
    }
}
