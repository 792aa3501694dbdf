using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Scheduling;

/// <summary>
/// The part of a khcheck that decides its trigger. Only a change of this reschedules the check;
/// any other edit (pod spec, labels, timeout) is read by the next run without touching the trigger.
/// </summary>
public readonly record struct ScheduleShape(bool Scheduled, TimeSpan Interval)
{
    public static ScheduleShape Of(CheckDefinition check) =>
        check is { IsValid: true, Paused: false, Interval: { } interval } ? new(true, interval) : new(false, TimeSpan.Zero);
}
