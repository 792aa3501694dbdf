using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Scheduling;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Scheduling;

public class SchedulePlannerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Now = T0;

    [Fact]
    public void FirstRun_NoState_Now()
    {
        Assert.Equal(Now, SchedulePlanner.FirstRun(null, Interval, Now));
    }

    [Fact]
    public void FirstRun_RunInFlight_NowToAdoptIt()
    {
        var state = new KhStateSpec { Uuid = "run-1", RunStarted = Now.AddMinutes(-1), ResultUuid = null, LastRun = Now.AddMinutes(-2) };

        Assert.Equal(Now, SchedulePlanner.FirstRun(state, Interval, Now));
    }

    [Fact]
    public void FirstRun_LastStartRecent_OneIntervalAfterIt()
    {
        var state = new KhStateSpec { Uuid = "run-1", RunStarted = Now.AddMinutes(-3), ResultUuid = "run-1", LastRun = Now.AddMinutes(-2) };

        Assert.Equal(Now.AddMinutes(7), SchedulePlanner.FirstRun(state, Interval, Now));
    }

    [Fact]
    public void FirstRun_LastStartLongAgo_Now()
    {
        var state = new KhStateSpec { Uuid = "run-1", RunStarted = Now.AddMinutes(-30), ResultUuid = "run-1" };

        Assert.Equal(Now, SchedulePlanner.FirstRun(state, Interval, Now));
    }

    [Fact]
    public void FirstRun_UpstreamStateWithLastRunOnly_OneIntervalAfterLastRun()
    {
        var state = new KhStateSpec { Uuid = "c85f95cb-87e2-4ff5-b513-e02b3d25973a", OK = true, LastRun = Now.AddMinutes(-4) };

        Assert.False(state.RunInFlight);
        Assert.Equal(Now.AddMinutes(6), SchedulePlanner.FirstRun(state, Interval, Now));
    }

    [Fact]
    public void FirstRun_StateNeverRun_Now()
    {
        Assert.Equal(Now, SchedulePlanner.FirstRun(new KhStateSpec(), Interval, Now));
    }

    [Fact]
    public void NextDue_NeverRan_None()
    {
        Assert.Null(SchedulePlanner.NextDue(null, Interval));
        Assert.Null(SchedulePlanner.NextDue(new KhStateSpec(), Interval));
    }

    [Fact]
    public void NextDue_LastStartLongAgo_OneIntervalAfterItEvenIfPast()
    {
        var state = new KhStateSpec { Uuid = "run-1", RunStarted = Now.AddMinutes(-30), ResultUuid = "run-1", LastRun = Now.AddMinutes(-29) };

        Assert.Equal(Now.AddMinutes(-20), SchedulePlanner.NextDue(state, Interval));
    }

    [Fact]
    public void NextDue_UpstreamStateWithLastRunOnly_OneIntervalAfterLastRun()
    {
        var state = new KhStateSpec { OK = true, LastRun = Now.AddMinutes(-4) };

        Assert.Equal(Now.AddMinutes(6), SchedulePlanner.NextDue(state, Interval));
    }
}
