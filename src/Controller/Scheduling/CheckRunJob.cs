using Quartz;

namespace HealthChecks.Controller.Scheduling;

/// <summary>
/// The Quartz job behind every khcheck's trigger. It awaits the whole run, so with the trigger's
/// <see cref="OverlapPolicy.BufferOne"/> runs of one check never overlap and a run longer than
/// its interval delays the next one instead of stacking them up.
/// </summary>
internal sealed class CheckRunJob(CheckScheduler scheduler) : IJob
{
    public const string CheckNamespaceKey = "namespace";

    public const string CheckNameKey = "name";

    /// <summary>Set on a firing asked for by hand (<see cref="CheckScheduler.RunNowAsync"/>).</summary>
    public const string ManualKey = "manual";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var manual = data.TryGetValue(ManualKey, out var value) && value is true;
        await scheduler.RunCheckAsync(new((string)data[CheckNamespaceKey]!, (string)data[CheckNameKey]!), manual, cancellationToken);
    }
}
