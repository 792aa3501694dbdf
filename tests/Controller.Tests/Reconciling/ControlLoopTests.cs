using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.TestKit.FakeKubeApi;
using Microsoft.Extensions.Logging.Abstractions;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Reconciling;

/// <summary>The leader's loop for a term against the fake API: cache events, retries, the heartbeat, the resync, run-now, the term's end.</summary>
public sealed class ControlLoopTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _leading = new();
    private ApiRig _rig = null!;
    private ControlLoop _loop = null!;
    private Task _running = Task.CompletedTask;

    public async Task InitializeAsync() => await StartRigAsync(Options());

    public async Task DisposeAsync()
    {
        _rig.Api.Faults.Clear();
        await _leading.CancelAsync();
        await _running.WaitAsync(Bound);
        await _rig.DisposeAsync();
        _leading.Dispose();
    }

    private async Task StartRigAsync(ControllerOptions options)
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        _rig = await ApiRig.StartAsync(options);
        _loop = new ControlLoop(
            _rig.Caches,
            _rig.NewReconciler(),
            new Reaper(_rig.Kh, _rig.Caches, _rig.Options, _rig.Time, NullLogger<Reaper>.Instance),
            _rig.Options,
            _rig.Time,
            NullLogger<ControlLoop>.Instance);
    }

    /// <summary>Starts the term's loop and waits for its first heartbeat.</summary>
    private async Task LeadAsync()
    {
        _running = _loop.RunAsync(_leading.Token);
        await Clock.UntilAsync(() => _loop.LastTick is not null, "the first heartbeat");
    }

    private void PutDueCheck(string name, string interval = "1m") => _rig.PutCheck(Check(name, ApiRig.Ns, runInterval: interval, timeout: "30s"));

    private bool HasPod(string check) => _rig.State(check)?.Spec.RunPod is { } pod && _rig.Pod(pod) is not null;

    private static bool Creates(ApiRequest request, string plural, string name) =>
        request.Is("POST", plural) && request.Body.Contains($"\"name\":\"{name}\"", StringComparison.Ordinal);

    [Fact]
    public async Task RunAsync_CheckAddedDuringTheTerm_ItsRunBegins()
    {
        await LeadAsync();

        PutDueCheck("dns");

        await Clock.UntilAsync(() => HasPod("dns"), "the run's pod");
        Assert.Equal(1, _loop.RunsInFlight);
    }

    [Fact]
    public async Task RunAsync_ChecksThereWhenTheTermBegins_AllRun()
    {
        PutDueCheck("a");
        PutDueCheck("b");

        await LeadAsync();

        await Clock.UntilAsync(() => HasPod("a") && HasPod("b"), "both runs' pods");
    }

    [Fact]
    public async Task RunAsync_ThePodEnds_ItsCheckIsLookedAtBeforeTheDeadline()
    {
        PutDueCheck("dns");
        await LeadAsync();
        await Clock.UntilAsync(() => HasPod("dns"), "the run's pod");

        _rig.SetPodPhase(_rig.State("dns")!.Spec.RunPod!, "Failed", exitCode: 1);
        var moved = await _rig.Time.AdvanceUntilAsync(() => _rig.State("dns")?.Spec.Reason == FailureReason.PodFailed, Second, TimeSpan.FromSeconds(29), "PodFailed stored");

        Assert.InRange(moved, RunProgress.ReportGrace, TimeSpan.FromSeconds(8)); // the report grace, not the deadline
    }

    [Fact]
    public async Task RunAsync_AnotherReplicaStoresTheReport_TheCheckIsLookedAtAndTheRunIsOver()
    {
        PutDueCheck("dns");
        await LeadAsync();
        await Clock.UntilAsync(() => HasPod("dns"), "the run's pod");

        _rig.UpdateState("dns", spec => KhStateTransitions.StoreResult(spec, RunResult.Success, 1, _rig.Time.GetUtcNow(), "node-1", "replica-b"));

        await Clock.UntilAsync(() => _loop.RunsInFlight == 0, "the run forgotten");
    }

    [Fact]
    public async Task RunAsync_JobAddedDuringTheTerm_RunningAndItsRunBegins()
    {
        await LeadAsync();

        _rig.PutJob(Job("once", ApiRig.Ns, timeout: "30s"));

        await Clock.UntilAsync(() => HasPod("once"), "the job's pod");
        Assert.Equal(KhJobPhase.Running, _rig.Caches.Jobs.Get(ApiRig.Ns, "once")?.Spec.Phase);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("dropped")]
    [InlineData("not json")]
    public async Task RunAsync_PassesThatThrow_RetriedWithBackoffWhileOtherChecksRun(string failure)
    {
        Func<ApiRequest, bool> beginOfA = r => Creates(r, "khstates", "a");
        _ = failure switch
        {
            "500" => _rig.Api.Faults.Fail(500, 2, beginOfA),
            "dropped" => _rig.Api.Faults.Abort(2, beginOfA),
            _ => _rig.Api.Faults.Answer(200, "<html>a proxy's page</html>", 2, beginOfA),
        };
        PutDueCheck("a");
        PutDueCheck("b");

        await LeadAsync();
        await Clock.UntilAsync(() => HasPod("b") && _loop.Failures == 1, "b running while a failed once");
        Assert.False(HasPod("a"));
        var moved = await _rig.Time.AdvanceUntilAsync(() => HasPod("a"), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20), "a's run after its retries");

        Assert.Equal(2, _loop.Failures);
        Assert.True(moved >= TimeSpan.FromSeconds(3), $"retried after {moved}: sooner than the backoff of 1 s, then 2 s");
        Assert.Equal(3, _rig.Api.Count(r => Creates(r, "khstates", "a")));
    }

    [Fact]
    public async Task RunAsync_Heartbeat_MovesEveryTickIntervalWhileWorkersWork()
    {
        await LeadAsync();
        Assert.Equal(T0, _loop.LastTick);

        for (var tick = 1; tick <= 4; tick++)
        {
            var before = _loop.LastTick;
            var moved = await _rig.Time.AdvanceUntilAsync(() => _loop.LastTick > before, Second, TimeSpan.FromSeconds(15), $"tick {tick}");
            Assert.InRange(moved, ControlLoop.TickInterval - Second, ControlLoop.TickInterval + (3 * Second)); // a step either way: the clock moves by whole steps
        }
    }

    [Fact]
    public async Task RunAsync_EveryWorkerStuckInAHungApiCall_TheHeartbeatStops()
    {
        await StartRigAsync(Options() with { Workers = 2 });
        await LeadAsync();
        var hang = _rig.Api.Faults.Hang(FaultInjector.Always, r => r.Is("POST", "khstates"));
        PutDueCheck("a");
        PutDueCheck("b");
        await hang.WaitForWaitingAsync(2);
        var last = _loop.LastTick;

        await _rig.Time.AdvanceInStepsAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

        Assert.Equal(last, _loop.LastTick);
        hang.Release();
        await _rig.Time.AdvanceUntilAsync(() => _loop.LastTick > last, Second, TimeSpan.FromSeconds(15), "the heartbeat again");
        await Clock.UntilAsync(() => HasPod("a") && HasPod("b"), "both runs once the API answers");
    }

    [Fact]
    public async Task RunAsync_CheckTheWatchNeverReported_RunByTheResync()
    {
        await LeadAsync();
        _rig.Caches.Checks.Remember(Check("quiet", ApiRig.Ns, runInterval: "1m", timeout: "30s")); // in the cache, without an event

        await _rig.Time.AdvanceInStepsAsync(_rig.Options.ResyncPeriod - TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        Assert.Null(_rig.State("quiet"));
        _rig.Time.Advance(TimeSpan.FromSeconds(5));

        await Clock.UntilAsync(() => HasPod("quiet"), "the resync's run");
        Assert.Equal(T0 + _rig.Options.ResyncPeriod, _rig.State("quiet")!.Spec.RunStarted);
    }

    [Fact]
    public async Task RunAsync_RunRequestedByAnnotation_RunsNowOnceAndRecordsTheRequest()
    {
        PutDueCheck("hourly", "1h");
        _rig.PutState("hourly", new KhStateSpec { Uuid = "run-0", RunStarted = T0.AddMinutes(-5), ResultUuid = "run-0", OK = true });
        await LeadAsync();
        Assert.False(HasPod("hourly"));

        var asked = Check("hourly", ApiRig.Ns, runInterval: "1h", timeout: "30s");
        asked.Metadata.Annotations = new Dictionary<string, string> { [CheckLabels.RunRequestedAnnotation] = "2024-01-01T12:00:00.000Z" };
        _rig.PutCheck(asked); // kubectl annotate, or POST /api/run on any replica

        await Clock.UntilAsync(() => HasPod("hourly"), "the run asked for");
        var state = _rig.State("hourly")!.Spec;
        Assert.Equal(("2024-01-01T12:00:00.000Z", T0), (state.RunRequest, state.RunStarted));
        var pods = _rig.Api.Count("POST", "pods");

        _rig.UpdateState("hourly", spec => spec.ResultUuid = spec.Uuid); // the run reports
        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(100);
        Assert.Equal(pods, _rig.Api.Count("POST", "pods")); // the same request is not answered twice
    }

    [Fact]
    public async Task RunAsync_TermCancelledWhileWorkersWaitOnTheApi_StopsPromptly()
    {
        await LeadAsync();
        var hang = _rig.Api.Faults.Hang(FaultInjector.Always, r => r.Is("POST", "khstates"));
        PutDueCheck("dns");
        await hang.WaitForWaitingAsync();

        await _leading.CancelAsync();

        await _running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(_loop.WorkingSince);
        await Clock.UntilAsync(() => hang.Waiting == 0, "the hung request given up by its client");
    }
}
