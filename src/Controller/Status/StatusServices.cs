namespace HealthChecks.Controller.Status;

/// <summary>Registers what the status page, the HTML view and the metrics read and render.</summary>
public static class StatusServices
{
    public static IServiceCollection AddStatusViews(this IServiceCollection services)
    {
        services.AddSingleton<StatusSource>();
        services.AddSingleton<Metrics.RunCounter>();
        services.AddSingleton<Metrics.MetricsSource>();
        return services;
    }
}
