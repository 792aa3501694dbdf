using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Scheduling;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Scheduling;

public class ScheduleShapeTests
{
    [Fact]
    public void Of_ValidCheck_ScheduledWithInterval()
    {
        var shape = ScheduleShape.Of(CheckDefinition.FromCheck(Check(runInterval: "2m")));

        Assert.Equal(new ScheduleShape(true, TimeSpan.FromMinutes(2)), shape);
    }

    [Fact]
    public void Of_Paused_NotScheduled()
    {
        var shape = ScheduleShape.Of(CheckDefinition.FromCheck(Check(runInterval: "2m", paused: true)));

        Assert.Equal(new ScheduleShape(false, TimeSpan.Zero), shape);
    }

    [Fact]
    public void Of_Invalid_NotScheduled()
    {
        var shape = ScheduleShape.Of(CheckDefinition.FromCheck(Check(runInterval: "2m", timeout: "forever")));

        Assert.False(shape.Scheduled);
    }

    [Fact]
    public void Of_Job_NotScheduled()
    {
        Assert.False(ScheduleShape.Of(CheckDefinition.FromJob(Job())).Scheduled);
    }

    [Fact]
    public void Of_PodSpecAndTimeoutChanged_SameShape()
    {
        var before = CheckDefinition.FromCheck(Check(runInterval: "2m", timeout: "1m", podSpec: PodSpec(("a", "img:1"))));
        var after = CheckDefinition.FromCheck(Check(runInterval: "120s", timeout: "30s", failureThreshold: 3, podSpec: PodSpec(("b", "img:2"), ("c", "img:3"))));

        Assert.Equal(ScheduleShape.Of(before), ScheduleShape.Of(after));
    }

    [Fact]
    public void Of_IntervalChanged_DifferentShape()
    {
        var before = CheckDefinition.FromCheck(Check(runInterval: "2m"));
        var after = CheckDefinition.FromCheck(Check(runInterval: "3m"));

        Assert.NotEqual(ScheduleShape.Of(before), ScheduleShape.Of(after));
    }

    [Fact]
    public void Of_Unpaused_DifferentShape()
    {
        var paused = CheckDefinition.FromCheck(Check(runInterval: "2m", paused: true));
        var running = CheckDefinition.FromCheck(Check(runInterval: "2m", paused: false));

        Assert.NotEqual(ScheduleShape.Of(paused), ScheduleShape.Of(running));
    }
}
