using HealthChecks.Controller.Events;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit.FakeKubeApi;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Events;

/// <summary>The leader's Events as khstates change in the caches (fed from the fake API), written through the recorder.</summary>
public sealed class CheckEventEmitterTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _leading = new();
    private ApiRig _rig = null!;
    private CheckEventEmitter _emitter = null!;
    private Task _running = Task.CompletedTask;
    private int _runs;

    public async Task InitializeAsync()
    {
        _rig = await ApiRig.StartAsync();
        _rig.PutCheck(Check("dns", ApiRig.Ns));
        _rig.PutState("dns", new KhStateSpec { OK = true, Uuid = "run-0", ResultUuid = "run-0" }); // known when the term begins
        _emitter = new CheckEventEmitter(_rig.Caches, new CheckEventRecorder(_rig.Client, new EventCorrelator(_rig.Time), "controller-0", _rig.Time), NullLogger<CheckEventEmitter>.Instance);
        _running = _emitter.RunAsync(_leading.Token);
    }

    public async Task DisposeAsync()
    {
        await _leading.CancelAsync();
        await _running.WaitAsync(Bound);
        await _rig.DisposeAsync();
        _leading.Dispose();
    }

    /// <summary>A run of the check ends with this result (written by whichever replica).</summary>
    private void RunEnds(RunResult result, string check = "dns")
    {
        var uuid = $"run-{++_runs}";
        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        _rig.UpdateState(check, spec =>
        {
            spec.Uuid = uuid;
            spec.RunStarted = _rig.Time.GetUtcNow();
            KhStateTransitions.StoreResult(spec, result, 1, _rig.Time.GetUtcNow(), "node-1", "controller-0");
        });
    }

    private static RunResult Timeout => RunResult.Failure(FailureReason.Timeout, "timed out after 30s waiting for the checker pod to report in");

    private Task WrittenAsync(long written) => Clock.UntilAsync(() => _emitter.Written + _emitter.Failed >= written, $"{written} events handled");

    private IReadOnlyList<Corev1Event> Events() => _rig.Api.List<Corev1Event>(BuiltInKinds.Events, ApiRig.Ns);

    [Fact]
    public async Task RunAsync_CheckStartsFailing_AWarningWithTheReason()
    {
        RunEnds(Timeout);
        await WrittenAsync(1);

        var news = Assert.Single(Events());
        Assert.Equal(("Warning", FailureReason.Timeout, "dns"), (news.Type, news.Reason, news.InvolvedObject.Name));
        Assert.Equal(_rig.Caches.Checks.Get(ApiRig.Ns, "dns")!.Metadata.Uid, news.InvolvedObject.Uid);
        Assert.Contains("timed out after 30s", news.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CheckRecovers_ANormalRecoveredEvent()
    {
        RunEnds(Timeout);
        RunEnds(RunResult.Success);
        await WrittenAsync(2);

        Assert.Equal(
            [("Warning", FailureReason.Timeout), ("Normal", CheckEvent.Recovered)],
            Events().OrderBy(e => long.Parse(e.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).Select(e => (e.Type, e.Reason))); // in the order written
    }

    [Fact]
    public async Task RunAsync_CheckBecomesInvalid_AWarning()
    {
        _rig.UpdateState("dns", spec => KhStateTransitions.ShowInvalid(spec, CheckDefinition.FromCheck(Check("dns", ApiRig.Ns, runInterval: "soon")), _rig.Time.GetUtcNow(), "controller-0"));
        await WrittenAsync(1);

        Assert.Equal(("Warning", FailureReason.InvalidSpec), (Events()[0].Type, Events()[0].Reason));
    }

    [Fact]
    public async Task RunAsync_SuccessAfterSuccess_NothingWritten()
    {
        RunEnds(RunResult.Success);
        RunEnds(RunResult.Success);
        RunEnds(Timeout); // handled in order: once its Event is there, the successes were looked at
        await WrittenAsync(1);

        Assert.Equal(FailureReason.Timeout, Assert.Single(Events()).Reason);
        Assert.Equal(1, _emitter.Written);
    }

    [Fact]
    public async Task RunAsync_FailingAgainWithinTheWindow_ThePatchCountsOnTheFirstEvent()
    {
        RunEnds(Timeout);
        RunEnds(RunResult.Success);
        RunEnds(Timeout);
        await WrittenAsync(3);

        Assert.Equal(2, Events().Count);
        Assert.Equal(2, Events().Single(e => e.Reason == FailureReason.Timeout).Count);
        Assert.Equal((2, 1), (_rig.Count("POST", "events"), _rig.Count("PATCH", "events")));
    }

    [Fact]
    public async Task RunAsync_TheSameFailureAgain_NothingNew()
    {
        RunEnds(Timeout);
        RunEnds(Timeout);
        RunEnds(RunResult.Success);
        await WrittenAsync(2);

        Assert.Equal((2, 0), (_rig.Count("POST", "events"), _rig.Count("PATCH", "events")));
    }

    [Fact]
    public async Task RunAsync_ApiFailsToWriteAnEvent_CountedAndTheNextIsWritten()
    {
        _rig.Api.Faults.Fail(500, when: r => r.Is("POST", "events"));
        _rig.Api.Faults.Abort(when: r => r.Is("POST", "events"));

        RunEnds(Timeout);
        RunEnds(RunResult.Success);
        RunEnds(RunResult.Failure(FailureReason.PodFailed, "the checker pod ended with exit code 1 without reporting"));
        await WrittenAsync(3);

        Assert.Equal((1, 2), (_emitter.Written, _emitter.Failed));
        Assert.Equal(FailureReason.PodFailed, Assert.Single(Events()).Reason);
        Assert.False(_running.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_EventWritesHang_TheCachesAreNotHeldUp()
    {
        var hang = _rig.Api.Faults.Hang(FaultInjector.Always, r => r.Is("POST", "events"));

        RunEnds(Timeout);
        await hang.WaitForWaitingAsync();
        RunEnds(RunResult.Success);
        RunEnds(Timeout);

        Assert.Equal("run-3", _rig.Caches.States.Get(ApiRig.Ns, "dns")?.Spec.ResultUuid);
        hang.Release();
        await WrittenAsync(3);
        Assert.Equal(3, _emitter.Written);
    }

    [Fact]
    public async Task RunAsync_FailuresKnownWhenTheTermBegan_NoEvent()
    {
        await _leading.CancelAsync();
        await _running;
        _rig.UpdateState("dns", spec => KhStateTransitions.StoreResult(spec, Timeout, 1, _rig.Time.GetUtcNow(), "", "controller-0"));
        using var term = new CancellationTokenSource();
        var running = _emitter.RunAsync(term.Token);

        RunEnds(Timeout); // the same failure again: no news
        RunEnds(RunResult.Success);
        await WrittenAsync(1);

        Assert.Equal(CheckEvent.Recovered, Assert.Single(Events()).Reason);
        await term.CancelAsync();
        await running.WaitAsync(Bound);
    }

    [Fact]
    public async Task RunAsync_StateOfAKhjob_TheEventIsOnTheJob()
    {
        var job = _rig.PutJob(Job("once", ApiRig.Ns));
        _rig.PutState("once", new KhStateSpec { Workload = nameof(WorkloadKind.KHJob) });

        RunEnds(Timeout, "once");
        await WrittenAsync(1);

        Assert.Equal(("KuberhealthyJob", "once", job.Metadata.Uid), (Events()[0].InvolvedObject.Kind, Events()[0].InvolvedObject.Name, Events()[0].InvolvedObject.Uid));
    }
}
