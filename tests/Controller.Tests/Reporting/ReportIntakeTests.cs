using System.Net;
using System.Text;
using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Reporting;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Tests.Metrics;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.Kube.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Reporting;

/// <summary>Checker reports taken against the fake API: what is stored, with how many requests, and what is refused.</summary>
public sealed class ReportIntakeTests : IAsyncLifetime
{
    private const string Run = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string PodName = "dns-0f8fad5b";
    private static readonly byte[] Ok = Encoding.UTF8.GetBytes("""{"OK":true,"Errors":[]}""");
    private static readonly byte[] Failed = Encoding.UTF8.GetBytes("""{"OK":false,"Errors":["lookup kubernetes.default failed"]}""");
    private readonly Scrape _scrape = new();
    private readonly CrdSchemaGate _schema = CrdSchemaGate.Fit();
    private ApiRig _rig = null!;
    private ReportIntake _intake = null!;

    public async Task InitializeAsync()
    {
        _rig = await ApiRig.StartAsync();
        _intake = new ReportIntake(_rig.Caches, _rig.States, _schema, _rig.Options, _rig.Time, _scrape.Metrics, NullLogger<ReportIntake>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _rig.DisposeAsync();
        _schema.Dispose();
    }

    private Task<ReportIntake.Outcome> ReportAsync(byte[] body, string? runUuid = Run) =>
        _intake.TakeAsync(runUuid, IPAddress.Parse("10.244.1.5"), body, default);

    private KhStateSpec StateOf() => _rig.State("dns")!.Spec;

    private double Counted(IntakeOutcome outcome) =>
        _scrape.Samples("kuberhealthy_reports_total").Where(l => l.Contains($"outcome=\"{IntakeOutcomes.Label(outcome)}\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).SingleOrDefault();

    /// <summary>A check whose run <see cref="Run"/> is in flight, with its pod on node-7.</summary>
    private void RunInFlight()
    {
        _rig.PutCheck(Check("dns", ApiRig.Ns, runInterval: "1m", timeout: "30s", failureThreshold: 2));
        var state = new KhStateSpec();
        KhStateTransitions.BeginRun(state, CheckDefinition.FromCheck(Check("dns", ApiRig.Ns)), new RunTicket(Run, T0, T0.AddSeconds(30), PodName));
        _rig.PutState("dns", state);
        _rig.Api.Put(BuiltInKinds.Pods, new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = PodName,
                NamespaceProperty = ApiRig.Ns,
                Labels = new Dictionary<string, string> { [CheckLabels.CheckName] = "dns", [CheckLabels.RunId] = Run },
                Annotations = new Dictionary<string, string> { [CheckLabels.CheckNameAnnotation] = "dns" },
            },
            Spec = new V1PodSpec { NodeName = "node-7", Containers = [new V1Container { Name = "main", Image = "checker:1" }] },
            Status = new V1PodStatus { Phase = "Running", PodIP = "10.244.1.5" },
        });
    }

    [Fact]
    public async Task TakeAsync_ValidReport_StoredWithOneApiWrite()
    {
        RunInFlight();
        _rig.Api.ClearRequests();
        _rig.Time.Advance(TimeSpan.FromSeconds(4));

        var outcome = await ReportAsync(Ok);

        Assert.Equal(new ReportIntake.Outcome(200, ""), outcome);
        Assert.Equal("PUT /apis/comcast.github.io/v1/namespaces/kuberhealthy/khstates/dns", Assert.Single(_rig.Api.Requests).ToString());
        var state = StateOf();
        Assert.Equal((Run, true, "node-7", "controller-0", "4s"), (state.ResultUuid, state.OK, state.Node, state.AuthoritativePod, state.RunDuration));
        Assert.Equal(1, Counted(IntakeOutcome.Stored));
    }

    [Fact]
    public async Task TakeAsync_CrdsPruneOurFields_503WithTheFixAndNoApiRequest_StoredOnceFixed()
    {
        RunInFlight();
        _rig.Api.ClearRequests();
        _schema.Decide(new CrdSchemaProblem([new CrdGap("khstates", CrdGapKind.MissingFields, ["ResultUUID"])]));

        var refused = await ReportAsync(Ok);

        Assert.Equal(503, refused.StatusCode); // checkers retry: the report may land once the CRDs are upgraded
        Assert.Contains("lacks HealthChecks' fields (ResultUUID)", refused.Message, StringComparison.Ordinal);
        Assert.Contains(CrdSchemaProblem.Fix, refused.Message, StringComparison.Ordinal);
        Assert.Empty(_rig.Api.Requests);
        Assert.Equal(1, Counted(IntakeOutcome.CrdOutdated));

        _schema.Decide(null);
        Assert.Equal(200, (await ReportAsync(Ok)).StatusCode);
        Assert.Equal(Run, StateOf().ResultUuid);
    }

    [Fact]
    public async Task TakeAsync_FailedReportBelowTheThreshold_StoredAsTolerated()
    {
        RunInFlight();

        var outcome = await ReportAsync(Failed);

        Assert.Equal(200, outcome.StatusCode);
        var state = StateOf();
        Assert.Equal((true, FailureReason.CheckFailed, 1), (state.OK, state.Reason, state.ConsecutiveFailures)); // failureThreshold 2
    }

    [Fact]
    public async Task TakeAsync_WithoutTheHeader_TheRunOfTheCallersPod()
    {
        RunInFlight();

        var outcome = await ReportAsync(Ok, runUuid: null);

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(Run, StateOf().ResultUuid);
    }

    [Fact]
    public async Task TakeAsync_UnknownRun_503AfterTheWaitWithoutAnyApiRequest()
    {
        RunInFlight();
        _rig.Api.ClearRequests();
        const string Other = "6f9619ff-8b86-d011-b42d-00c04fc964ff";

        var report = ReportAsync(Ok, Other);
        Assert.False(report.IsCompleted); // waits for the run to reach the cache
        _rig.Time.Advance(_rig.Options.ReportWaitForRun);
        var outcome = await report.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(503, outcome.StatusCode); // retried by checker clients, never final
        Assert.Contains("not known (yet)", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(_rig.Api.Requests);
        Assert.Null(StateOf().ResultUuid);
        Assert.Equal(1, Counted(IntakeOutcome.UnknownRun));
    }

    [Fact]
    public async Task TakeAsync_TooManyWaitingForTheirRun_503AtOnce()
    {
        RunInFlight();
        var intake = new ReportIntake(_rig.Caches, _rig.States, _schema, _rig.Options with { MaxReportsAwaitingRun = 1 }, _rig.Time, _scrape.Metrics, NullLogger<ReportIntake>.Instance);
        var first = intake.TakeAsync("6f9619ff-8b86-d011-b42d-00c04fc964ff", null, Ok, default);

        var second = await intake.TakeAsync("7f9619ff-8b86-d011-b42d-00c04fc964ff", null, Ok, default);

        Assert.Equal(503, second.StatusCode);
        Assert.Equal(1, Counted(IntakeOutcome.Busy));
        _rig.Time.Advance(_rig.Options.ReportWaitForRun);
        Assert.Equal(503, (await first.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
    }

    [Fact]
    public async Task TakeAsync_RunIdThatIsNoUuid_RefusedWithoutAnyRequest()
    {
        RunInFlight();
        _rig.Api.ClearRequests();

        var outcome = await ReportAsync(Ok, "x,app=other");

        Assert.Equal(400, outcome.StatusCode);
        Assert.Empty(_rig.Api.Requests);
    }

    [Fact]
    public async Task TakeAsync_RunIdThatIsNoUuidWithAMalformedBody_RefusedForTheHeaderBeforeAnyParse()
    {
        var outcome = await ReportAsync(Encoding.UTF8.GetBytes("{\"OK\":"), "not-a-run");

        Assert.Equal(400, outcome.StatusCode);
        Assert.Contains("not a run id", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(1, Counted(IntakeOutcome.UnknownRun));
        Assert.Equal(0, Counted(IntakeOutcome.Malformed));
    }

    [Fact]
    public async Task TakeAsync_PastTheDeadline_410AndNothingWritten()
    {
        RunInFlight();
        _rig.Time.Advance(TimeSpan.FromSeconds(31));

        var outcome = await ReportAsync(Ok);

        Assert.Equal(new ReportIntake.Outcome(410, $"run {Run} reported after its deadline"), outcome);
        Assert.Equal(0, _rig.Count("PUT", "khstates"));
        Assert.Equal(1, Counted(IntakeOutcome.Late));
    }

    [Fact]
    public async Task TakeAsync_SecondReportOfARun_RefusedAndTheFirstKept()
    {
        RunInFlight();
        await ReportAsync(Ok);

        var second = await ReportAsync(Failed);

        Assert.Equal(new ReportIntake.Outcome(400, $"run {Run} has already reported"), second);
        Assert.True(StateOf().OK);
        Assert.Equal(1, _rig.Count("PUT", "khstates"));
        Assert.Equal(1, Counted(IntakeOutcome.Duplicate));
    }

    [Fact]
    public async Task TakeAsync_ReportOfARunSinceReplaced_RefusedAsSuperseded()
    {
        RunInFlight();
        _rig.UpdateState("dns", spec => spec.Uuid = "6f9619ff-8b86-d011-b42d-00c04fc964ff"); // the leader began the next run

        var outcome = await ReportAsync(Ok);

        Assert.Equal(new ReportIntake.Outcome(400, $"run {Run} was superseded by a newer run"), outcome);
        Assert.Equal(0, _rig.Count("PUT", "khstates"));
        Assert.Equal(1, Counted(IntakeOutcome.Superseded));
    }

    [Fact]
    public async Task TakeAsync_RunTheCacheHasNotSeenYet_WaitsForTheWatchAndStoresWithOneWrite()
    {
        _rig.PutCheck(Check("dns", ApiRig.Ns, runInterval: "1m", timeout: "30s"));
        _rig.Api.Feed.HoldBack(); // a fast checker reports before this replica's watches bring its run
        RunInFlight();
        _rig.Api.ClearRequests();

        var report = ReportAsync(Ok);
        Assert.False(report.IsCompleted);
        _rig.Api.Feed.Release();
        var outcome = await report.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(Run, StateOf().ResultUuid);
        Assert.Equal(["PUT /apis/comcast.github.io/v1/namespaces/kuberhealthy/khstates/dns"], _rig.Api.Requests.Select(r => r.ToString()));
    }

    [Fact]
    public async Task TakeAsync_LeaderStoresItsFailureFirst_TheReportIsRefusedAndOneResultStays()
    {
        var reconciler = await PodFailedRunAsync();
        var hang = _rig.Api.Faults.Hang(when: r => r.Is("PUT", "khstates"));
        var report = ReportAsync(Ok);
        await hang.WaitForWaitingAsync();

        await reconciler.ReconcileAsync(WorkItem.Check(ApiRig.Key("dns")), default); // stores PodFailed
        hang.Release();
        var outcome = await report; // its PUT carries the version it read: 409, read again, decide again

        Assert.Equal(new ReportIntake.Outcome(400, $"run {Run} has already reported"), outcome);
        var state = StateOf();
        Assert.Equal((Run, FailureReason.PodFailed, 1), (state.ResultUuid, state.Reason, state.ConsecutiveFailures));
        Assert.Equal((2, 1), (_rig.Count("PUT", "khstates"), _rig.Count("GET", "khstates")));
    }

    [Fact]
    public async Task TakeAsync_ReportStoredFirst_TheLeadersFailureDeclinesAndOneResultStays()
    {
        var reconciler = await PodFailedRunAsync();
        var hang = _rig.Api.Faults.Hang(when: r => r.Is("PUT", "khstates"));
        var leader = reconciler.ReconcileAsync(WorkItem.Check(ApiRig.Key("dns")), default);
        await hang.WaitForWaitingAsync();

        var outcome = await ReportAsync(Ok);
        hang.Release();
        await leader;

        Assert.Equal(200, outcome.StatusCode);
        var state = StateOf();
        Assert.Equal((Run, true, null), (state.ResultUuid, state.OK, state.Reason));
        Assert.Equal((2, 1), (_rig.Count("PUT", "khstates"), _rig.Count("GET", "khstates")));
        Assert.Equal(0, reconciler.RunsInFlight);
    }

    /// <summary>The run's pod ended without a report; the leader's next pass stores PodFailed.</summary>
    private async Task<CheckReconciler> PodFailedRunAsync()
    {
        RunInFlight();
        var reconciler = _rig.NewReconciler();
        await reconciler.ReconcileAsync(WorkItem.Check(ApiRig.Key("dns")), default);
        _rig.SetPodPhase(PodName, "Failed", exitCode: 1);
        await reconciler.ReconcileAsync(WorkItem.Check(ApiRig.Key("dns")), default);
        _rig.Time.Advance(RunProgress.ReportGrace);
        _rig.Api.ClearRequests();
        return reconciler;
    }
}
