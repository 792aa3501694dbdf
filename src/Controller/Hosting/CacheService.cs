using HealthChecks.Controller.Caching;

namespace HealthChecks.Controller.Hosting;

/// <summary>Runs the four watches for the life of the process, on every replica.</summary>
public sealed class CacheService(ControllerCaches caches) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await caches.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
