using Quartz;
using Quartz.Extensibility;

namespace HealthChecks.Controller.Scheduling;

/// <summary>Hands Quartz a job bound to our scheduler; jobs hold no state of their own.</summary>
internal sealed class CheckRunJobFactory(CheckScheduler scheduler) : IJobFactory
{
    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler quartz, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new JobScope(
            bundle.JobDetail.JobType.Type == typeof(SchedulerHeartbeatJob) ? new SchedulerHeartbeatJob(scheduler) : new CheckRunJob(scheduler), null));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
