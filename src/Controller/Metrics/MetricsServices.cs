using Prometheus;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Registers the prometheus-net side of <c>/metrics</c>: a registry of this app's own (never the
/// library's static default, so two apps or two tests in one process do not share counters), its
/// factory, the process and runtime collectors, and the controller's instruments.
/// </summary>
public static class MetricsServices
{
    public static IServiceCollection AddControllerMetrics(this IServiceCollection services)
    {
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IMetricFactory>(sp => Prometheus.Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.AddSingleton<RuntimeCollectors>();
        services.AddSingleton(sp => new ControllerMetrics(
            sp.GetRequiredService<IMetricFactory>(), sp.GetService<Configuration.ControllerOptions>()?.PromMetrics ?? new()));
        return services;
    }
}
