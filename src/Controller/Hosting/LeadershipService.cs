using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Metrics;
using HealthChecks.Kube.Leadership;
using k8s;

namespace HealthChecks.Controller.Hosting;

/// <summary>
/// Takes part in leader election through a <c>coordination.k8s.io</c> Lease and runs
/// <see cref="LeaderWork"/> for each term won. A term whose work fails hands the Lease back (the
/// elector sees its work end) and this replica campaigns again; a replica whose terms keep failing
/// (<see cref="TermFailures"/>), or whose work will not stop, exits with code 1 so that the kubelet
/// restarts it, rather than hold or chase the Lease without working. API faults never end the
/// process: they fail a pass of the work, not the term. Standalone (<c>--single</c>), this replica
/// leads from the start without a Lease, under the same failure rules.
/// </summary>
public sealed partial class LeadershipService(
    IKubernetes client,
    LeaderWork work,
    ControllerOptions options,
    ControllerMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<LeadershipService> logger) : BackgroundService
{
    private readonly TermFailures _failures = new(options.MaxTermFailures, options.TermFailureWindow, time);
    private volatile LeaderElector? _elector;
    private volatile bool _standaloneWorking;

    public bool IsLeader => options.Standalone ? _standaloneWorking : _elector?.IsLeader == true;

    /// <summary>The current Lease holder, as last seen (this replica when standalone).</summary>
    public string? CurrentLeader => options.Standalone ? options.PodName : _elector?.CurrentLeader;

    /// <summary>Terms whose work failed, in the current window.</summary>
    public int RecentTermFailures => _failures.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Standalone)
            {
                await RunStandaloneAsync(stoppingToken);
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
                    WorkStopTimeout = options.WorkStopTimeout,
                },
                time,
                logger);
            _elector = elector;
            await elector.RunAsync(LeadAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Exit(ex);
        }
    }

    private async Task LeadAsync(CancellationToken leading)
    {
        metrics.CountTerm();
        try
        {
            await work.RunAsync(leading);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            Failed(ex);
            throw; // the elector ends the term and hands the Lease back
        }

        if (!leading.IsCancellationRequested)
        {
            Failed(new InvalidOperationException("the leader's work ended while it still led"));
        }
    }

    private async Task RunStandaloneAsync(CancellationToken stoppingToken)
    {
        Log.Standalone(logger, options.PodName);
        while (!stoppingToken.IsCancellationRequested)
        {
            _standaloneWorking = true;
            try
            {
                await LeadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.TermFailed(logger, ex);
            }
            finally
            {
                _standaloneWorking = false;
            }

            await Task.Delay(options.RetryPeriod, time, stoppingToken);
        }
    }

    private void Failed(Exception error)
    {
        if (_failures.Add())
        {
            Exit(new InvalidOperationException($"{_failures.Count} terms failed within {options.TermFailureWindow}; the last: {error.Message}", error));
        }
    }

    private void Exit(Exception error)
    {
        Log.Exiting(logger, error);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Running standalone as {Identity}: no leader election")]
        public static partial void Standalone(ILogger logger, string identity);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "The leader's work failed; starting again")]
        public static partial void TermFailed(ILogger logger, Exception error);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Critical, Message = "This replica cannot lead and exits so that it is restarted")]
        public static partial void Exiting(ILogger logger, Exception error);
    }
}
