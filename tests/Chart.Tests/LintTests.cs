namespace HealthChecks.Chart.Tests;

/// <summary>
/// <c>helm lint --strict</c> and <c>helm template</c> for the defaults and for every documented
/// option combination (charts/healthchecks/ci/*-values.yaml, listed in docs/chart.md), plus an
/// upstream Kuberhealthy values file.
/// </summary>
public sealed class LintTests
{
    public static TheoryData<string> ValueFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ChartTools.CiValuesDirectory, "*-values.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task Lint_Strict_Passes(string valuesFile)
    {
        // force renders the Prometheus Operator objects too, so lint sees every template.
        var result = await Helm.LintAsync("-f", Path.Combine(ChartTools.CiValuesDirectory, valuesFile), "--set", "prometheus.force=true");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task Template_WithAndWithoutOperatorCrds_RendersValidObjects(string valuesFile)
    {
        var path = Path.Combine(ChartTools.CiValuesDirectory, valuesFile);
        foreach (var chart in new[] { await Helm.TemplateAsync("-f", path), await Helm.TemplateAsync(["-f", path, .. Helm.WithPrometheusOperator]) })
        {
            Assert.NotEmpty(chart.Documents);
            foreach (var document in chart.Documents)
            {
                Assert.False(string.IsNullOrEmpty((string?)document["apiVersion"]), chart.Summary());
                Assert.False(string.IsNullOrEmpty((string?)document["kind"]), chart.Summary());
                Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", (string?)document["metadata"]?["name"] ?? "");
            }

            // Helm refuses to install two objects of one kind and name in one namespace.
            var duplicates = chart.Documents
                .GroupBy(d => $"{d["kind"]} {d["metadata"]?["namespace"]}/{d["metadata"]?["name"]}")
                .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Empty(duplicates);
        }
    }

    [Fact]
    public async Task UpstreamValuesFile_LintsAndRendersTheSameChecks()
    {
        var upstream = TestKit.RepositoryPaths.Reference("v2-master/deploy__helm__kuberhealthy__values.yaml");
        var lint = await Helm.LintAsync("-f", upstream);
        Assert.True(lint.ExitCode == 0, lint.StandardOutput + lint.StandardError);

        var chart = await Helm.TemplateAsync("-f", upstream);
        var checks = chart.OfKind("KuberhealthyCheck").Select(c => (string?)c["metadata"]?["name"]).Order(StringComparer.Ordinal);
        Assert.Equal(["daemonset", "deployment", "dns-status-internal"], checks);
        var daemonset = chart.Single("KuberhealthyCheck", "daemonset");
        Assert.Equal("15m", (string?)daemonset["spec"]?["runInterval"]);
        Assert.Equal("12m", (string?)daemonset["spec"]?["timeout"]);
        // The file names upstream's images: they are used as given.
        Assert.Equal("docker.io/kuberhealthy/daemonset-check:v3.3.0", (string?)daemonset["spec"]?["podSpec"]?["containers"]?[0]?["image"]);
        // Its command (/app/kuberhealthy) is kept; our controller image answers to that path too.
        var container = chart.Single("Deployment")["spec"]?["template"]?["spec"]?["containers"]?[0];
        Assert.Equal(["/app/kuberhealthy"], Json.Strings(container?["command"]));
    }
}
