using System.Text.Json.Nodes;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit.FakeKubeApi;
using k8s;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Reconciling;

/// <summary>One check's passes against the fake API, as the control loop's workers make them; the clock moves only by hand.</summary>
public sealed class CheckReconcilerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ApiRig _rig = null!;
    private CheckReconciler _reconciler = null!;

    public async Task InitializeAsync() => await StartAsync(Options());

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private async Task StartAsync(ControllerOptions options)
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        _rig = await ApiRig.StartAsync(options);
        _reconciler = _rig.NewReconciler();
    }

    private Task<Requeue> PassAsync(string name = "dns") => _reconciler.ReconcileAsync(WorkItem.Check(ApiRig.Key(name)), default);

    private Task<Requeue> JobPassAsync(string name = "once") => _reconciler.ReconcileAsync(WorkItem.Job(ApiRig.Key(name)), default);

    private void PutDueCheck(string name = "dns") => _rig.PutCheck(Check(name, ApiRig.Ns, runInterval: "1m", timeout: "30s"));

    private KhStateSpec StateOf(string name = "dns") => _rig.State(name)!.Spec;

    private void Advance(double seconds) => _rig.Time.Advance(TimeSpan.FromSeconds(seconds));

    private static Requeue In(double seconds) => Requeue.In(TimeSpan.FromSeconds(seconds));

    /// <summary>The writes made so far, as "METHOD plural".</summary>
    private List<string> Writes() =>
        [.. _rig.Api.Requests.Where(r => r.Method != "GET").Select(r => $"{r.Method} {r.Address?.Plural}")];

    private const string StartDelay = "kuberhealthy_check_run_start_delay_seconds";

    /// <summary>The start-delay histogram's count, sum and the buckets named (by their <c>le</c>), as sample lines.</summary>
    private List<string> StartDelays(params string[] buckets) =>
        [.. _rig.Scrape.Samples(StartDelay + "_count"), .. _rig.Scrape.Samples(StartDelay + "_sum"),
            .. _rig.Scrape.Samples(StartDelay + "_bucket").Where(l => buckets.Any(le => l.Contains($"le=\"{le}\"", StringComparison.Ordinal)))];

    /// <summary>A finished run of the check that started at <paramref name="started"/>, written by an earlier leader.</summary>
    private void PutFinishedRun(string name, DateTimeOffset started) =>
        _rig.PutState(name, new KhStateSpec { Uuid = "old-" + name, RunStarted = started, ResultUuid = "old-" + name, OK = true, LastRun = started.AddSeconds(5) });

    private static KhStateSpec InFlight(string uuid, DateTimeOffset started, string podName) => new()
    {
        Uuid = uuid,
        RunStarted = started,
        RunDeadline = started + Timeout,
        RunPod = podName,
        Namespace = ApiRig.Ns,
        Workload = nameof(WorkloadKind.KHCheck),
    };

    private V1Pod PutPodOf(string check, string uuid, string podName) =>
        _rig.Api.Put(BuiltInKinds.Pods, new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = podName,
                NamespaceProperty = ApiRig.Ns,
                Labels = new Dictionary<string, string> { [CheckLabels.CheckName] = check, [CheckLabels.RunId] = uuid },
                Annotations = new Dictionary<string, string> { [CheckLabels.CheckNameAnnotation] = check },
            },
            Spec = PodSpec(("main", "checker:1")),
            Status = new V1PodStatus { Phase = "Running" },
        });

    /// <summary>A report stored by whichever replica took it.</summary>
    private void StoreReport(string name, RunResult result) =>
        _rig.UpdateState(name, spec => KhStateTransitions.StoreResult(spec, result, 1, _rig.Time.GetUtcNow(), "node-1", "replica-b"));

    [Fact]
    public async Task ReconcileAsync_DueCheck_BeginsOneRunKhStateThenPodAndWaitsForItsDeadline()
    {
        PutDueCheck();

        var requeue = await PassAsync();

        var state = StateOf();
        Assert.True(state.RunInFlight);
        Assert.Equal((T0, T0 + Timeout), (state.RunStarted, state.RunDeadline));
        Assert.Equal(In(30), requeue);
        Assert.Equal(["POST khstates", "POST pods"], Writes());
        var run = new RunTicket(state.Uuid, state.RunStarted!.Value, state.RunDeadline!.Value, state.RunPod!);
        var expected = CheckPodFactory.Build(CheckDefinition.FromCheck(_rig.Caches.Checks.Get(ApiRig.Ns, "dns")!), run, _rig.Options.ReportingUrl);
        var sent = _rig.Api.Requests.Single(r => r.Is("POST", "pods")).Body;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(expected)), JsonNode.Parse(sent)), sent);
        Assert.Equal(1, _reconciler.RunsInFlight);
    }

    [Fact]
    public async Task ReconcileAsync_SecondPassBeforeAnythingChanged_NoRequestAndTheSameWait()
    {
        PutDueCheck();
        await PassAsync();
        _rig.Api.ClearRequests();

        var requeue = await PassAsync();

        Assert.Equal(In(30), requeue);
        Assert.Empty(_rig.Api.Requests);
        Assert.Single(_rig.Pods());
    }

    [Fact]
    public async Task ReconcileAsync_AnotherReplicaBeganARunMeanwhile_AdoptsItWithoutASecondPod()
    {
        PutDueCheck();
        _rig.PutState("dns", new KhStateSpec { Uuid = "old-run", RunStarted = T0.AddMinutes(-2), ResultUuid = "old-run", OK = true });
        _rig.Api.Feed.HoldBack(c => c.Address.Plural == "khstates"); // this replica's cache has not seen the other's write
        const string Theirs = "0f8fad5b-d9cb-469f-a165-70867728950e";
        _rig.UpdateState("dns", spec => KhStateTransitions.BeginRun(spec, CheckDefinition.FromCheck(Check("dns", ApiRig.Ns)), new RunTicket(Theirs, T0, T0 + Timeout, "dns-0f8fad5b")));
        PutPodOf("dns", Theirs, "dns-0f8fad5b");

        var requeue = await PassAsync();

        Assert.Equal(In(30), requeue);
        Assert.Equal(Theirs, StateOf().Uuid);
        Assert.Equal(["dns-0f8fad5b"], _rig.Pods().Select(p => p.Metadata.Name));
        Assert.Equal(0, _rig.Count("POST", "pods"));
        Assert.Equal(1, _rig.Count("PUT", "khstates")); // the begin, refused with 409 and declined on the fresh copy
    }

    [Theory]
    [InlineData("503")]
    [InlineData("dropped")]
    public async Task ReconcileAsync_PodCreateFailsInTransit_BacksOffAndCreatesOnTheNextPass(string failure)
    {
        PutDueCheck();
        _ = failure == "503"
            ? _rig.Api.Faults.Fail(503, when: r => r.Is("POST", "pods"))
            : _rig.Api.Faults.Abort(when: r => r.Is("POST", "pods"));

        var first = await PassAsync();
        Assert.Equal(Requeue.Backoff, first);
        Assert.True(StateOf().RunInFlight);
        Assert.Empty(_rig.Pods());

        Advance(1);
        var second = await PassAsync();

        Assert.Equal(In(29), second);
        Assert.Equal([StateOf().RunPod], _rig.Pods().Select(p => p.Metadata.Name));
        Assert.Equal((1, 2), (_rig.Count("POST", "khstates"), _rig.Count("POST", "pods")));
    }

    [Fact]
    public async Task ReconcileAsync_PodCreatedButItsAnswerLost_TheRetryFindsItAndGoesOn()
    {
        PutDueCheck();
        _rig.Api.Faults.Abort(when: r => r.Is("POST", "pods"), afterWrite: true);

        Assert.Equal(Requeue.Backoff, await PassAsync());
        Advance(1);
        var second = await PassAsync();

        Assert.Equal(In(29), second);
        Assert.Single(_rig.Pods());
        Assert.True(StateOf().RunInFlight);
    }

    [Fact]
    public async Task ReconcileAsync_PodCreateFailingUntilTheDeadline_ControllerErrorWithTheLastError()
    {
        PutDueCheck();
        _rig.Api.Faults.Fail(503, when: r => r.Is("POST", "pods"), message: "the server is currently unable to handle the request");
        _rig.Api.Faults.Fail(500, FaultInjector.Always, r => r.Is("POST", "pods"), message: "etcdserver: request timed out");
        Assert.Equal(Requeue.Backoff, await PassAsync());
        Advance(2);
        Assert.Equal(Requeue.Backoff, await PassAsync());

        Advance(30);
        var last = await PassAsync();

        var state = StateOf();
        Assert.False(state.RunInFlight);
        Assert.Equal(FailureReason.ControllerError, state.Reason);
        Assert.Equal("could not create the checker pod: 500 InternalError: etcdserver: request timed out", Assert.Single(state.Errors));
        Assert.Equal(2, _rig.Count("POST", "pods")); // none past the deadline
        Assert.Equal(In(28), last); // the next run, a minute after this one began
        Assert.Equal(0, _reconciler.RunsInFlight);
    }

    [Fact]
    public async Task ReconcileAsync_PodSpecRefused422_ControllerErrorAtOnce()
    {
        PutDueCheck();
        _rig.Api.Faults.Fail(422, FaultInjector.Always, r => r.Is("POST", "pods"), message: "Pod \"dns-1\" is invalid: spec.containers[0].image: Required value");

        var requeue = await PassAsync();

        var state = StateOf();
        Assert.Equal((false, FailureReason.ControllerError, state.Uuid), (state.RunInFlight, state.Reason, state.ResultUuid));
        Assert.Contains("422 Invalid: Pod \"dns-1\" is invalid", Assert.Single(state.Errors), StringComparison.Ordinal);
        Assert.Equal(1, _rig.Count("POST", "pods"));
        Assert.Equal(In(60), requeue);
    }

    [Fact]
    public async Task ReconcileAsync_ServiceAccountNotYetKnown_RetriedASecondApart()
    {
        PutDueCheck();
        _rig.Api.Faults.Fail(403, 2, r => r.Is("POST", "pods"), "pods \"dns-1\" is forbidden: error looking up service account kuberhealthy/checker: serviceaccount \"checker\" not found");

        Assert.Equal(In(1), await PassAsync());
        Advance(1);
        Assert.Equal(In(1), await PassAsync());
        Advance(1);
        var third = await PassAsync();

        Assert.Equal(In(28), third);
        Assert.Single(_rig.Pods());
        Assert.Equal(3, _rig.Count("POST", "pods"));
        Assert.True(StateOf().RunInFlight);
    }

    [Fact]
    public async Task ReconcileAsync_ServiceAccountNeverKnown_ControllerErrorAfterTenTries()
    {
        PutDueCheck();
        _rig.Api.Faults.Fail(403, FaultInjector.Always, r => r.Is("POST", "pods"), "No API token found for service account \"checker\", retry after the token is automatically created and added to the service account");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(In(1), await PassAsync());
            Advance(1);
        }

        await PassAsync();

        Assert.Equal(FailureReason.ControllerError, StateOf().Reason);
        Assert.Equal(11, _rig.Count("POST", "pods"));
    }

    [Fact]
    public async Task ReconcileAsync_PodEndedWithoutAReport_PodFailedAfterTheReportGrace()
    {
        PutDueCheck();
        await PassAsync();
        var pod = StateOf().RunPod!;
        Advance(2);
        _rig.SetPodPhase(pod, "Failed", exitCode: 1);

        Assert.Equal(Requeue.In(RunProgress.ReportGrace), await PassAsync());
        Assert.True(StateOf().RunInFlight);
        Advance(5);
        await PassAsync();

        var state = StateOf();
        Assert.Equal(FailureReason.PodFailed, state.Reason);
        Assert.Equal($"the checker pod ended with exit code 1 (Error) without reporting", Assert.Single(state.Errors));
        Assert.Equal(0, _rig.Count("DELETE", "pods")); // it ended by itself
    }

    [Fact]
    public async Task ReconcileAsync_DeadlinePassedWhileThePodRuns_TimeoutAndThePodDeleted()
    {
        PutDueCheck();
        await PassAsync();
        var pod = StateOf().RunPod!;
        _rig.SetPodPhase(pod, "Running");

        Advance(30);
        await PassAsync();

        var state = StateOf();
        Assert.Equal(FailureReason.Timeout, state.Reason);
        Assert.Equal($"timed out after 30s waiting for the checker pod to report in", Assert.Single(state.Errors));
        Assert.Equal(1, _rig.Count("DELETE", "pods"));
        Assert.Null(_rig.Pod(pod));
        var delete = _rig.Api.Requests.Single(r => r.Is("DELETE", "pods"));
        Assert.Equal(10, (int?)JsonNode.Parse(delete.Body)?["gracePeriodSeconds"]);
    }

    [Fact]
    public async Task ReconcileAsync_TimedOutPodThatCannotBeDeleted_TheTimeoutIsStoredAnyway()
    {
        PutDueCheck();
        await PassAsync();
        var pod = StateOf().RunPod!;
        _rig.SetPodPhase(pod, "Running");
        _rig.Api.Faults.Fail(500, when: r => r.Is("DELETE", "pods"));

        Advance(30);
        var requeue = await PassAsync();

        Assert.Equal(FailureReason.Timeout, StateOf().Reason);
        Assert.NotNull(_rig.Pod(pod)); // left to the reaper
        Assert.Equal(In(30), requeue);
    }

    [Fact]
    public async Task ReconcileAsync_CheckDeletedWhileItsRunIsInFlight_IdleAndTheRunForgotten()
    {
        PutDueCheck();
        await PassAsync();
        _rig.Api.Remove(KhResources.Checks, ApiRig.Ns, "dns");

        var requeue = await PassAsync();

        Assert.Equal(Requeue.OnChange, requeue);
        Assert.Equal(0, _reconciler.RunsInFlight);
        Assert.True(StateOf().RunInFlight); // the khstate is the reaper's to delete
    }

    [Fact]
    public async Task ReconcileAsync_ReportStoredMeanwhile_NeverOverwritten()
    {
        PutDueCheck();
        await PassAsync();
        _rig.SetPodPhase(StateOf().RunPod!, "Running");
        _rig.Api.Feed.HoldBack(c => c.Address.Plural == "khstates");
        Advance(29);
        StoreReport("dns", RunResult.Success);
        Advance(1);

        await PassAsync(); // its cache says: past the deadline without a result

        var state = StateOf();
        Assert.Equal((true, null, "replica-b"), (state.OK, state.Reason, state.AuthoritativePod));
        Assert.Equal(state.Uuid, state.ResultUuid);
        Assert.Equal(1, _rig.Count("PUT", "khstates")); // the timeout's, refused with 409 and declined on the fresh copy
        Assert.Equal(0, _reconciler.RunsInFlight);
    }

    [Fact]
    public async Task ReconcileAsync_AdoptedRunJustBegunWithoutItsPod_ConfirmedWithOneGetThenCreated()
    {
        PutDueCheck();
        const string Uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        _rig.PutState("dns", InFlight(Uuid, T0.AddSeconds(-2), "dns-0f8fad5b"));

        var requeue = await PassAsync();

        Assert.Equal(1, _rig.Api.Count("GET", "/api/v1/namespaces/kuberhealthy/pods/dns-0f8fad5b"));
        var pod = Assert.Single(_rig.Pods());
        Assert.Equal(("dns-0f8fad5b", Uuid), (pod.Metadata.Name, pod.Metadata.Labels[CheckLabels.RunId]));
        Assert.Equal(In(28), requeue);
        Assert.Equal(0, _rig.Count("PUT", "khstates"));
    }

    [Fact]
    public async Task ReconcileAsync_AdoptedRunBegunLongAgoWithoutItsPod_ControllerError()
    {
        PutDueCheck();
        _rig.PutState("dns", InFlight("0f8fad5b-d9cb-469f-a165-70867728950e", T0.AddSeconds(-20), "dns-0f8fad5b"));

        await PassAsync();

        var state = StateOf();
        Assert.Equal(FailureReason.ControllerError, state.Reason);
        Assert.Contains("the checker pod does not exist", Assert.Single(state.Errors), StringComparison.Ordinal);
        Assert.Equal(1, _rig.Count("GET", "pods"));
        Assert.Equal(0, _rig.Count("POST", "pods"));
    }

    [Fact]
    public async Task ReconcileAsync_AdoptedRunWhosePodTheCacheHasNotSeen_TheGetFindsItAndTheRunGoesOn()
    {
        PutDueCheck();
        const string Uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        _rig.PutState("dns", InFlight(Uuid, T0.AddSeconds(-20), "dns-0f8fad5b"));
        _rig.Api.Feed.HoldBack(c => c.Address.Plural == "pods");
        PutPodOf("dns", Uuid, "dns-0f8fad5b");

        var requeue = await PassAsync();

        Assert.Equal(In(10), requeue);
        Assert.True(StateOf().RunInFlight);
        Assert.Equal((1, 0), (_rig.Count("GET", "pods"), _rig.Count("POST", "pods")));
    }

    [Fact]
    public async Task ReconcileAsync_InvalidSpec_ShownOnceAsAStateWorthAnEvent()
    {
        _rig.PutCheck(Check("dns", ApiRig.Ns, runInterval: "soon"));

        var first = await PassAsync();
        var second = await PassAsync();

        Assert.Equal((Requeue.OnChange, Requeue.OnChange), (first, second));
        var state = StateOf();
        Assert.Equal((false, FailureReason.InvalidSpec), (state.OK, state.Reason));
        Assert.Equal(["POST khstates"], Writes());
        Assert.Empty(_rig.Pods());
        var news = EventTransitions.Decide(null, CheckOutcome.Of(state));
        Assert.Equal(("Warning", FailureReason.InvalidSpec), (news?.Type, news?.Reason));
    }

    [Fact]
    public async Task ReconcileAsync_NewJob_RunningThenOneRunThenCompleted()
    {
        _rig.PutJob(Job("once", ApiRig.Ns, timeout: "30s"));

        var first = await JobPassAsync();
        Assert.Equal(In(30), first);
        Assert.Equal(KhJobPhase.Running, _rig.Api.Get<KuberhealthyJob>(KhResources.Jobs, ApiRig.Ns, "once")!.Spec.Phase);
        Advance(3);
        StoreReport("once", RunResult.Success);

        var second = await JobPassAsync();

        Assert.Equal(Requeue.OnChange, second);
        Assert.Equal(KhJobPhase.Completed, _rig.Api.Get<KuberhealthyJob>(KhResources.Jobs, ApiRig.Ns, "once")!.Spec.Phase);
        Assert.Equal(["PATCH khjobs", "POST khstates", "POST pods", "PATCH khjobs"], Writes()); // the report was written by another replica
        Assert.Equal(nameof(WorkloadKind.KHJob), StateOf("once").Workload);
        Assert.Equal(Requeue.OnChange, await JobPassAsync());
        Assert.Single(_rig.Pods());
    }

    [Fact]
    public async Task ReconcileAsync_JobWhoseRunFailed_StillCompleted()
    {
        _rig.PutJob(Job("once", ApiRig.Ns, timeout: "30s"));
        await JobPassAsync();
        _rig.SetPodPhase(StateOf("once").RunPod!, "Failed", exitCode: 2);
        Assert.Equal(Requeue.In(RunProgress.ReportGrace), await JobPassAsync());

        Advance(5);
        var requeue = await JobPassAsync();

        Assert.Equal(Requeue.OnChange, requeue);
        Assert.Equal(FailureReason.PodFailed, StateOf("once").Reason);
        Assert.Equal(KhJobPhase.Completed, _rig.Api.Get<KuberhealthyJob>(KhResources.Jobs, ApiRig.Ns, "once")!.Spec.Phase);
    }

    [Fact]
    public async Task ReconcileAsync_JobDeletedBeforeTheCacheSawIt_NothingStartedAndThePassEnds()
    {
        _rig.PutJob(Job("once", ApiRig.Ns, timeout: "30s"));
        _rig.Api.Feed.HoldBack();
        _rig.Api.Remove(KhResources.Jobs, ApiRig.Ns, "once");

        var requeue = await JobPassAsync();

        Assert.Equal(1, _rig.Count("PATCH", "khjobs"));
        Assert.Equal(["PATCH khjobs"], Writes());
        Assert.Equal(Requeue.OnChange, requeue); // its deletion, when the cache hears of it, brings it back
    }

    [Fact]
    public async Task ReconcileAsync_AtMaxConcurrentRuns_HeldBackWithARequeueUntilARunEnds()
    {
        await StartAsync(Options() with { MaxConcurrentRuns = 1 });
        PutDueCheck("a");
        PutDueCheck("b");
        await PassAsync("a");

        var held = await PassAsync("b");

        Assert.Equal(In(1), held);
        Assert.Null(_rig.State("b"));
        StoreReport("a", RunResult.Success);
        await PassAsync("a");
        Assert.Equal(0, _reconciler.RunsInFlight);
        Assert.Equal(In(30), await PassAsync("b"));
        Assert.True(StateOf("b").RunInFlight);
    }

    [Fact]
    public async Task ReconcileAsync_StartsFasterThanThePace_HeldBackInTurnWithoutFailing()
    {
        await StartAsync(Options() with { MaxRunStartsPerSecond = 1 });
        PutDueCheck("a");
        PutDueCheck("b");
        PutDueCheck("c");
        await PassAsync("a");

        Assert.Equal(In(1), await PassAsync("b"));
        Assert.Equal(In(2), await PassAsync("c"));
        Assert.Equal((null, null), (_rig.State("b"), _rig.State("c")));

        Advance(1);
        Assert.Equal(In(30), await PassAsync("b"));
        Assert.Equal(In(1), await PassAsync("c")); // keeps its turn
        Advance(1);
        Assert.Equal(In(30), await PassAsync("c"));
        Assert.Equal(3, _rig.Pods().Count);
    }

    [Fact]
    public async Task ReconcileAsync_RunBegunThreeSecondsAfterItWasDue_ObservedAsThreeSecondsLate()
    {
        PutDueCheck();
        await PassAsync(); // its first run: due when seen, so never late
        Assert.Equal([StartDelay + "_count 0", StartDelay + "_sum 0"], StartDelays());
        StoreReport("dns", RunResult.Success);
        Advance(63); // the next run was due at T0 + 1m

        await PassAsync();

        Assert.Equal(T0.AddSeconds(63), StateOf().RunStarted);
        Assert.Equal([StartDelay + "_count 1", StartDelay + "_sum 3", StartDelay + "_bucket{le=\"2.5\"} 0", StartDelay + "_bucket{le=\"5\"} 1"], StartDelays("2.5", "5"));
    }

    [Fact]
    public async Task ReconcileAsync_RunAskedForByHand_NotCountedAsLate()
    {
        var check = Check("dns", ApiRig.Ns, runInterval: "1m", timeout: "30s");
        check.Metadata.Annotations = new Dictionary<string, string> { [CheckLabels.RunRequestedAnnotation] = "req-1" };
        _rig.PutCheck(check);
        PutFinishedRun("dns", T0.AddMinutes(-5)); // by the schedule, 4 minutes overdue

        await PassAsync();

        Assert.Equal(("req-1", T0), (StateOf().RunRequest, StateOf().RunStarted));
        Assert.Contains("kuberhealthy_runs_started_total{start=\"manual\"} 1", _rig.Scrape.Samples("kuberhealthy_runs_started_total"));
        Assert.Equal([StartDelay + "_count 0", StartDelay + "_sum 0"], StartDelays());
    }

    [Fact]
    public async Task ReconcileAsync_OverdueRunsHeldBackByTheStartPace_TheSpreadObservedAsDelay()
    {
        await StartAsync(Options() with { MaxRunStartsPerSecond = 1 });
        foreach (var name in new[] { "a", "b", "c" })
        {
            PutDueCheck(name);
            PutFinishedRun(name, T0.AddMinutes(-1)); // all due now, as for a new leader catching up
        }

        await PassAsync("a");
        Assert.Equal(In(1), await PassAsync("b"));
        Assert.Equal(In(2), await PassAsync("c"));
        Advance(1);
        await PassAsync("b");
        Assert.Equal(In(1), await PassAsync("c"));
        Advance(1);
        await PassAsync("c");

        Assert.Equal(3, _rig.Pods().Count);
        Assert.Equal(
            [StartDelay + "_count 3", StartDelay + "_sum 3", StartDelay + "_bucket{le=\"0.005\"} 1", StartDelay + "_bucket{le=\"1\"} 2", StartDelay + "_bucket{le=\"2.5\"} 3"],
            StartDelays("0.005", "1", "2.5"));
    }

    [Fact]
    public async Task ReconcileAsync_StartsHeldUpByAStall_GoAtOnceAfterIt_UpToTenSecondsOfThePace()
    {
        await StartAsync(Options() with { MaxRunStartsPerSecond = 1 });
        var names = Enumerable.Range(0, 12).Select(i => $"c{i}").ToList();
        foreach (var name in names)
        {
            PutDueCheck(name);
        }

        Advance(30); // a stall: nothing started, while the pace kept filling its bucket

        var waits = new List<Requeue>();
        foreach (var name in names)
        {
            waits.Add(await PassAsync(name));
        }

        // One second in hand at the start of the term, then at most ten seconds' worth saved up.
        Assert.Equal(10, _rig.Pods().Count);
        Assert.Equal([In(1), In(2)], waits.Skip(10));
    }

    [Fact]
    public async Task Reset_NewTerm_StartsWithOneSecondOfThePace()
    {
        await StartAsync(Options() with { MaxRunStartsPerSecond = 1 });
        Advance(30);
        _reconciler.Reset();
        PutDueCheck("a");
        PutDueCheck("b");

        await PassAsync("a");

        Assert.Equal(In(1), await PassAsync("b"));
    }
}
