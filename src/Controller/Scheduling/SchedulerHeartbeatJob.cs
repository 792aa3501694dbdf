using Quartz;

namespace HealthChecks.Controller.Scheduling;

/// <summary>
/// Fires every <see cref="CheckScheduler.HeartbeatInterval"/> while leading, so the scheduler's last
/// tick (a metric) stays fresh when no check is due: an old tick on the leader means a wedged scheduler.
/// </summary>
internal sealed class SchedulerHeartbeatJob(CheckScheduler scheduler) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        scheduler.Tick();
        return ValueTask.CompletedTask;
    }
}
