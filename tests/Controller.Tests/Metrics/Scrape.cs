using System.Text;
using HealthChecks.Controller.Metrics;
using Prometheus;

namespace HealthChecks.Controller.Tests.Metrics;

/// <summary>A registry of the test's own with the controller's instruments, and its text as a scrape shows it.</summary>
internal sealed class Scrape
{
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public ControllerMetrics Metrics { get; }

    public Scrape(PromMetricsOptions? promMetrics = null)
    {
        Metrics = new ControllerMetrics(Prometheus.Metrics.WithCustomRegistry(Registry), promMetrics);
    }

    public string Text()
    {
        using var buffer = new MemoryStream();
        Registry.CollectAndExportAsTextAsync(buffer).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The sample lines of one series name (a histogram's are <c>name_bucket</c>, <c>name_sum</c>, <c>name_count</c>).</summary>
    public IReadOnlyList<string> Samples(string name) =>
        Text().Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal)).ToList();
}
