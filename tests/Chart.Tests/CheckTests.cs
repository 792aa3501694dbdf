namespace HealthChecks.Chart.Tests;

/// <summary>The default checks as rendered: upstream's names, schedule, env and knobs; our images.</summary>
public sealed class CheckTests
{
    [Fact]
    public async Task Defaults_AreUpstreamsThreeChecksWithOurImages()
    {
        var chart = await Helm.TemplateAsync();
        var version = await ControllerResourcesTests.AppVersionAsync();
        var expected = new[]
        {
            ("daemonset", "15m", "12m", "healthchecks/daemonset-check"),
            ("deployment", "10m", "15m", "healthchecks/deployment-check"),
            ("dns-status-internal", "2m", "15m", "healthchecks/dns-check"),
        };
        Assert.Equal(expected.Select(e => e.Item1), chart.OfKind("KuberhealthyCheck").Select(c => (string?)c["metadata"]?["name"]).Order(StringComparer.Ordinal));
        foreach (var (name, interval, timeout, image) in expected)
        {
            var check = chart.Single("KuberhealthyCheck", name);
            Assert.Equal("comcast.github.io/v1", (string?)check["apiVersion"]);
            Assert.Equal(Helm.Namespace, (string?)check["metadata"]?["namespace"]);
            Assert.Equal(interval, (string?)check["spec"]?["runInterval"]);
            Assert.Equal(timeout, (string?)check["spec"]?["timeout"]);
            var container = check["spec"]!["podSpec"]!["containers"]![0]!;
            Assert.Equal($"{image}:{version}", (string?)container["image"]);
            Assert.NotNull(container["resources"]?["requests"]?["memory"]);
        }

        var daemonset = ControllerResourcesTests.Env(chart.Single("KuberhealthyCheck", "daemonset")["spec"]!["podSpec"]!["containers"]![0]!);
        Assert.Equal("fieldRef:metadata.namespace", daemonset["POD_NAMESPACE"]);
        var deployment = chart.Single("KuberhealthyCheck", "deployment");
        Assert.Equal("4", ControllerResourcesTests.Env(deployment["spec"]!["podSpec"]!["containers"]![0]!)["CHECK_DEPLOYMENT_REPLICAS"]);
        Assert.Equal("Never", (string?)deployment["spec"]!["podSpec"]!["restartPolicy"]);
        var dns = ControllerResourcesTests.Env(chart.Single("KuberhealthyCheck", "dns-status-internal")["spec"]!["podSpec"]!["containers"]![0]!);
        Assert.Equal("kubernetes.default", dns["HOSTNAME"]);
        Assert.Equal("fieldRef:spec.nodeName", dns["NODE_NAME"]);
    }

    [Fact]
    public async Task PerCheckValues_ReachTheKhcheck()
    {
        var chart = await Helm.TemplateAsync("-f", Path.Combine(ChartTools.CiValuesDirectory, "all-checks-values.yaml"));
        var daemonset = chart.Single("KuberhealthyCheck", "daemonset")["spec"]!;
        Assert.Equal(2, (long?)daemonset["failureThreshold"]);
        Assert.Equal("platform", (string?)daemonset["extraLabels"]?["team"]);
        Assert.Equal("platform", (string?)daemonset["extraAnnotations"]?["owner"]);
        Assert.Equal("linux", (string?)daemonset["podSpec"]?["nodeSelector"]?["kubernetes.io/os"]);
        Assert.Equal("dedicated", (string?)daemonset["podSpec"]?["tolerations"]?[0]?["key"]);
        Assert.Equal("registry-credentials", (string?)daemonset["podSpec"]?["imagePullSecrets"]?[0]?["name"]);
        Assert.Equal("30s", ControllerResourcesTests.Env(daemonset["podSpec"]!["containers"]![0]!)["SHUTDOWN_GRACE_PERIOD"]);

        var deployment = chart.Single("KuberhealthyCheck", "deployment")["spec"]!;
        Assert.Equal("30m", (string?)deployment["runInterval"]);
        Assert.Equal("10m", (string?)deployment["timeout"]);
        Assert.Null(deployment["failureThreshold"]);

        var external = chart.Single("KuberhealthyCheck", "dns-status-external")["spec"]!;
        Assert.Equal("example.com", ControllerResourcesTests.Env(external["podSpec"]!["containers"]![0]!)["HOSTNAME"]);
        Assert.StartsWith("registry.example:5000/healthchecks/dns-check:", (string?)external["podSpec"]!["containers"]![0]!["image"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledChecks_RenderNeitherKhcheckNorRbac()
    {
        var chart = await Helm.TemplateAsync("-f", Path.Combine(ChartTools.CiValuesDirectory, "no-checks-values.yaml"));
        Assert.Empty(chart.OfKind("KuberhealthyCheck"));
        Assert.Empty(chart.OfKind("ServiceAccount"));
        Assert.Empty(chart.OfKind("Role"));
        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.NotNull(chart.Find("Service", "kuberhealthy"));
    }
}
