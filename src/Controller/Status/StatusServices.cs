namespace HealthChecks.Controller.Status;

/// <summary>Registers what the status page, the HTML view and the metrics read.</summary>
public static class StatusServices
{
    public static IServiceCollection AddStatusViews(this IServiceCollection services)
    {
        services.AddSingleton<StatusSource>();
        return services;
    }
}
