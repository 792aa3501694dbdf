using HealthChecks.TestKit;

namespace HealthChecks.Chart.Tests;

/// <summary>Runs helm on the chart, with its own cache and config folders (nothing under ~ is touched).</summary>
internal static class Helm
{
    public const string Release = "healthchecks";

    public const string Namespace = "kuberhealthy";

    /// <summary>The API versions of the Prometheus Operator kinds, as a cluster with its CRDs reports them.</summary>
    public static readonly string[] WithPrometheusOperator =
        ["--api-versions", "monitoring.coreos.com/v1/ServiceMonitor", "--api-versions", "monitoring.coreos.com/v1/PrometheusRule"];

    private static readonly string Home = Path.Combine(Path.GetTempPath(), "hc-chart-helm-home");

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(Home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(Home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(Home, "data"),
            // The Kubernetes client's discovery cache (~/.kube/cache) too.
            ["HOME"] = Home,
        };
        return await ProcessRunner.RunAsync(ChartTools.Helm, arguments, TimeSpan.FromSeconds(60), environment);
    }

    /// <summary><c>helm lint --strict</c> of the chart with the given extra arguments.</summary>
    public static Task<ProcessResult> LintAsync(params string[] arguments) =>
        RunAsync(["lint", "--strict", ChartTools.ChartDirectory, .. arguments]);

    /// <summary>
    /// <c>helm template</c> of the chart as release <see cref="Release"/> in namespace
    /// <see cref="Namespace"/>; fails the test if helm does.
    /// </summary>
    public static Task<RenderedChart> TemplateAsync(params string[] arguments) =>
        TemplateReleaseAsync(Release, Namespace, arguments);

    /// <summary><c>helm template</c> as another release, in another namespace.</summary>
    public static async Task<RenderedChart> TemplateReleaseAsync(string release, string @namespace, params string[] arguments)
    {
        var result = await RunAsync(["template", release, ChartTools.ChartDirectory, "--namespace", @namespace, .. arguments]);
        result.EnsureSuccess("helm template " + string.Join(' ', arguments));
        return RenderedChart.Parse(result.StandardOutput);
    }
}
