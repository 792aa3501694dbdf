using HealthChecks.Controller.Api;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Reporting;
using HealthChecks.Controller.State;
using HealthChecks.Controller.Status;
using HealthChecks.Controller.Resources;
using k8s;

namespace HealthChecks.Controller.Hosting;

/// <summary>Registers the controller's parts: one of each, shared by the HTTP side and the leader side.</summary>
public static class ControllerServices
{
    public static IServiceCollection AddHealthChecksController(this IServiceCollection services, ControllerOptions options, IKubernetes client)
    {
        services.AddSingleton(options);
        services.AddSingleton(client);
        services.AddSingleton(new KuberhealthyApi(client));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ControllerCaches(client, options.TargetNamespace, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new KhStateStore(sp.GetRequiredService<KuberhealthyApi>(), sp.GetRequiredService<ControllerCaches>().States));
        services.AddSingleton(sp => new EventCorrelator(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CheckEventRecorder(client, sp.GetRequiredService<EventCorrelator>(), options.PodName, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CheckEventEmitter>();
        services.AddSingleton<ControllerPodEvents>();
        services.AddSingleton<CrdSchemaGate>();
        services.AddSingleton<CheckReconciler>();
        services.AddSingleton<ControlLoop>();
        services.AddSingleton<Reaper>();
        services.AddSingleton<Liveness>();
        services.AddSingleton<ReportIntake>();
        services.AddSingleton<ReportGate>();
        services.AddSingleton<RunNowGate>();
        services.AddSingleton<RequestAuthorizer>();
        services.AddSingleton<RunRequests>();
        services.AddSingleton<LeaderWork>();
        services.AddSingleton<LeadershipService>();
        services.AddStatusViews();
        services.AddControllerMetrics();
        services.AddHostedService<CacheService>();
        services.AddHostedService<CrdSchemaWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<LeadershipService>());
        return services;
    }
}
