using HealthChecks.Controller.Configuration;
using HealthChecks.Kube.Leadership;
using k8s;

namespace HealthChecks.Controller.Hosting;

/// <summary>
/// Takes part in leader election through a <c>coordination.k8s.io</c> Lease and runs
/// <see cref="LeaderWork"/> for each term won; on losing the lease the term's token is cancelled
/// at once. Standalone (<c>--single</c>), this replica leads from the start without a Lease.
/// </summary>
public sealed partial class LeadershipService(
    IKubernetes client, LeaderWork work, ControllerOptions options, TimeProvider time, ILogger<LeadershipService> logger) : BackgroundService
{
    private volatile LeaderElector? _elector;

    public bool IsLeader => options.Standalone || _elector?.IsLeader == true;

    /// <summary>The current Lease holder, as last seen (this replica when standalone).</summary>
    public string? CurrentLeader => options.Standalone ? options.PodName : _elector?.CurrentLeader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Standalone)
        {
            Log.Standalone(logger, options.PodName);
            await work.RunAsync(stoppingToken);
            return;
        }

        var elector = new LeaderElector(
            new LeaseLock(client, options.PodNamespace, options.LeaseName),
            new LeaderElectionOptions
            {
                LeaseName = options.LeaseName,
                LeaseNamespace = options.PodNamespace,
                Identity = options.PodName,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
            },
            time,
            logger);
        _elector = elector;

        var term = Task.CompletedTask;
        elector.StartedLeading += leading =>
        {
            // A new term starts only after the previous one has fully stopped: never two schedulers.
            var previous = term;
            term = Task.Run(async () =>
            {
                await previous;
                await work.RunAsync(leading);
            }, CancellationToken.None);
        };

        await elector.RunAsync(stoppingToken);
        await term;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Running standalone as {Identity}: no leader election")]
        public static partial void Standalone(ILogger logger, string identity);
    }
}
