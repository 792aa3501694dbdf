using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Runs;

public class KhStateTransitionsTests
{
    private const string Uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static KhStateSpec Running(int? consecutiveFailures = null) => new()
    {
        Uuid = Uuid,
        RunStarted = T0,
        RunDeadline = T0.AddMinutes(5),
        RunPod = "dns-0f8fad5b",
        Namespace = "kuberhealthy",
        OK = true,
        ConsecutiveFailures = consecutiveFailures,
        ResultUuid = "previous-run",
    };

    [Fact]
    public void BeginRun_State_RecordsRunAndWorkload()
    {
        var state = new KhStateSpec { OK = false, Errors = ["old"], ResultUuid = "previous-run" };
        var definition = CheckDefinition.FromJob(Job(name: "once", ns: "jobs"));
        var run = Ticket(uuid: Uuid, podName: "once-0f8fad5b");

        KhStateTransitions.BeginRun(state, definition, run);

        Assert.Equal(Uuid, state.Uuid);
        Assert.Equal(T0, state.RunStarted);
        Assert.Equal(T0.AddMinutes(5), state.RunDeadline);
        Assert.Equal("once-0f8fad5b", state.RunPod);
        Assert.Equal("jobs", state.Namespace);
        Assert.Equal("KHJob", state.Workload);
        Assert.True(state.RunInFlight);
        // The previous result stays visible until this run stores its own.
        Assert.False(state.OK);
        Assert.Equal(["old"], state.Errors);
        Assert.Equal("previous-run", state.ResultUuid);
    }

    [Theory]
    [InlineData(Uuid, null, true)]
    [InlineData(Uuid, "previous-run", true)]
    [InlineData(Uuid, Uuid, false)]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ae7", null, false)]
    [InlineData("", null, false)]
    public void CanStoreResult_Cases_OnlyCurrentRunWithoutResult(string runUuid, string? resultUuid, bool expected)
    {
        var state = Running();
        state.ResultUuid = resultUuid;

        Assert.Equal(expected, KhStateTransitions.CanStoreResult(state, runUuid));
    }

    [Fact]
    public void CanStoreResult_EmptyUuidOnBothSides_False()
    {
        Assert.False(KhStateTransitions.CanStoreResult(new KhStateSpec { Uuid = "" }, ""));
    }

    [Fact]
    public void StoreResult_Success_ResetsFailureBookkeeping()
    {
        var state = Running(consecutiveFailures: 2);
        state.OK = false;
        state.Errors = ["earlier"];
        state.Reason = FailureReason.Timeout;
        var now = T0 + TimeSpan.FromSeconds(22.5);

        KhStateTransitions.StoreResult(state, RunResult.Success, 1, now, "node-1", "controller-0");

        Assert.True(state.OK);
        Assert.Empty(state.Errors);
        Assert.Null(state.Reason);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(now, state.LastSuccess);
        Assert.Equal(now, state.LastRun);
        Assert.Equal("22.5s", state.RunDuration);
        Assert.Equal(Uuid, state.ResultUuid);
        Assert.Equal("node-1", state.Node);
        Assert.Equal("controller-0", state.AuthoritativePod);
        Assert.False(state.RunInFlight);
        Assert.Equal(Uuid, state.Uuid);
    }

    [Fact]
    public void StoreResult_NoRunStarted_DurationZero()
    {
        var state = Running();
        state.RunStarted = null;

        KhStateTransitions.StoreResult(state, RunResult.Success, 1, T0.AddMinutes(1), "", "controller-0");

        Assert.Equal("0s", state.RunDuration);
    }

    [Fact]
    public void StoreResult_FailureAtThreshold_Down()
    {
        var state = Running(consecutiveFailures: 2);
        var lastSuccess = T0.AddHours(-1);
        state.LastSuccess = lastSuccess;

        KhStateTransitions.StoreResult(state, RunResult.Failure(FailureReason.CheckFailed, "dns down", "also slow"), 3, T0.AddSeconds(3), "node-1", "controller-0");

        Assert.False(state.OK);
        Assert.Equal(["dns down", "also slow"], state.Errors);
        Assert.Equal(FailureReason.CheckFailed, state.Reason);
        Assert.Equal(3, state.ConsecutiveFailures);
        Assert.Equal(lastSuccess, state.LastSuccess);
        Assert.Equal(T0.AddSeconds(3), state.LastRun);
        Assert.Equal("3s", state.RunDuration);
        Assert.Equal(Uuid, state.ResultUuid);
    }

    [Fact]
    public void StoreResult_FailureBelowThreshold_StillOkWithReason()
    {
        var state = Running(consecutiveFailures: null);

        KhStateTransitions.StoreResult(state, RunResult.Failure(FailureReason.Timeout, "timed out"), 3, T0.AddMinutes(5), "", "controller-0");

        Assert.True(state.OK);
        Assert.Empty(state.Errors);
        Assert.Equal(FailureReason.Timeout, state.Reason);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Null(state.LastSuccess);
        Assert.Equal("5m0s", state.RunDuration);
        Assert.Equal(Uuid, state.ResultUuid);
    }

    [Fact]
    public void StoreResult_FailureAboveThreshold_DownAndCounts()
    {
        var state = Running(consecutiveFailures: 7);

        KhStateTransitions.StoreResult(state, RunResult.Failure(FailureReason.PodFailed, "exited 1"), 3, T0.AddSeconds(1), "", "controller-0");

        Assert.False(state.OK);
        Assert.Equal(["exited 1"], state.Errors);
        Assert.Equal(8, state.ConsecutiveFailures);
        Assert.Equal(FailureReason.PodFailed, state.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void StoreResult_ThresholdOneOrLess_FirstFailureIsDown(int threshold)
    {
        var state = Running();

        KhStateTransitions.StoreResult(state, RunResult.Failure(FailureReason.CheckFailed, "bad"), threshold, T0.AddSeconds(1), "", "controller-0");

        Assert.False(state.OK);
        Assert.Equal(["bad"], state.Errors);
        Assert.Equal(1, state.ConsecutiveFailures);
    }

    [Fact]
    public void StoreResult_ManyLongErrors_Bounded()
    {
        var state = Running();
        var errors = Enumerable.Range(0, 30).Select(i => i + new string('e', 5000)).ToArray();

        KhStateTransitions.StoreResult(state, RunResult.Failure(FailureReason.CheckFailed, errors), 1, T0.AddSeconds(1), "", "controller-0");

        Assert.Equal(KhStateTransitions.MaxErrors, state.Errors.Count);
        Assert.All(state.Errors, e => Assert.Equal(KhStateTransitions.MaxErrorLength + 1, e.Length));
        Assert.StartsWith("0eee", state.Errors[0], StringComparison.Ordinal);
        Assert.EndsWith("…", state.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("19e", state.Errors[19], StringComparison.Ordinal);
    }

    [Fact]
    public void Bound_ShortErrors_Unchanged()
    {
        var exact = new string('x', KhStateTransitions.MaxErrorLength);

        Assert.Equal(["a", exact], KhStateTransitions.Bound(["a", exact]));
    }

    [Fact]
    public void ShowInvalid_Check_ErrorsNameEveryProblem()
    {
        var definition = CheckDefinition.FromCheck(Check(name: "dns", ns: "team-a", runInterval: "10", timeout: "x"));
        var state = new KhStateSpec { OK = true };

        KhStateTransitions.ShowInvalid(state, definition, T0, "controller-0");

        Assert.False(state.OK);
        Assert.Equal(
            [
                "invalid khcheck team-a/dns: spec.runInterval \"10\" is not a positive duration such as 30s, 5m or 1h",
                "invalid khcheck team-a/dns: spec.timeout \"x\" is not a positive duration such as 30s, 5m or 1h",
            ],
            state.Errors);
        Assert.Equal(FailureReason.InvalidSpec, state.Reason);
        Assert.Equal("team-a", state.Namespace);
        Assert.Equal("KHCheck", state.Workload);
        Assert.Equal(T0, state.LastRun);
        Assert.Equal("controller-0", state.AuthoritativePod);
    }
}
