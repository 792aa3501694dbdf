using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Tests.Metrics;

public class RunTallyTests
{
    private static readonly CheckKey Key = new("kh", "dns");

    private static KhStateSpec Result(string run, string? reason = null) => new() { Uuid = run, ResultUuid = run, Reason = reason };

    [Fact]
    public void Observe_ResultAlreadyThereWhenFirstSeen_NotCounted()
    {
        var tally = new RunTally();

        tally.Observe(Key, Result("run-1"));

        Assert.Empty(tally.Snapshot());
    }

    [Fact]
    public void Observe_EachNewResultOnce_BySuccessAndReason()
    {
        var tally = new RunTally();
        tally.Observe(Key, new KhStateSpec { Uuid = "run-1" }); // a run begins

        tally.Observe(Key, Result("run-1"));
        tally.Observe(Key, Result("run-1")); // the same result seen again (another field changed)
        tally.Observe(Key, new KhStateSpec { Uuid = "run-2", ResultUuid = "run-1" });
        tally.Observe(Key, Result("run-2", FailureReason.Timeout));
        tally.Observe(Key, Result("run-3", FailureReason.Timeout));
        tally.Observe(Key, Result("run-4", "SomethingNew"));

        var counts = tally.Snapshot()[Key];
        Assert.Equal(1, counts.Successes);
        Assert.Equal(2, counts.Failures[FailureReason.Timeout]);
        Assert.Equal(1, counts.Failures[RunTally.OtherReason]);
    }

    [Fact]
    public void Forget_DeletedState_StartsOver()
    {
        var tally = new RunTally();
        tally.Observe(Key, new KhStateSpec());
        tally.Observe(Key, Result("run-1"));

        tally.Forget(Key);
        tally.Observe(Key, Result("run-9"));

        Assert.Empty(tally.Snapshot());
    }

    [Fact]
    public void Snapshot_LaterCounts_DoNotChangeIt()
    {
        var tally = new RunTally();
        tally.Observe(Key, new KhStateSpec());
        tally.Observe(Key, Result("run-1", FailureReason.PodFailed));
        var before = tally.Snapshot();

        tally.Observe(Key, Result("run-2", FailureReason.PodFailed));

        Assert.Equal(1, before[Key].Failures[FailureReason.PodFailed]);
        Assert.Equal(2, tally.Snapshot()[Key].Failures[FailureReason.PodFailed]);
    }
}
