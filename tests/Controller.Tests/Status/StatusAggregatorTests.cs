using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Status;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Status;

public class StatusAggregatorTests
{
    private static KuberhealthyState Shown(string name, string ns, bool ok, string[]? errors = null, string? workload = null) =>
        KhState(name, ns, new KhStateSpec
        {
            OK = ok,
            Errors = [.. errors ?? []],
            Namespace = ns,
            AuthoritativePod = "controller-0",
            Uuid = "run-" + name,
            Workload = workload,
            RunDuration = "1.5s",
        });

    private static StatusDocument Build(IEnumerable<KuberhealthyState> states, IReadOnlySet<string>? namespaces = null, Func<CheckKey, bool>? isJob = null) =>
        StatusAggregator.Build(states, isJob ?? (_ => false), "controller-0", namespaces);

    [Fact]
    public void Build_NoStates_OkEmpty()
    {
        var document = Build([]);

        Assert.True(document.OK);
        Assert.Empty(document.Errors);
        Assert.Empty(document.CheckDetails);
        Assert.Empty(document.JobDetails);
        Assert.Equal("controller-0", document.CurrentMaster);
    }

    [Fact]
    public void Build_NeverRunState_Hidden()
    {
        var neverRun = KhState("fresh", "kuberhealthy", new KhStateSpec { Namespace = "kuberhealthy", Uuid = "run-1", RunStarted = T0 });

        var document = Build([neverRun, Shown("dns", "kuberhealthy", ok: true)]);

        Assert.Equal(["kuberhealthy/dns"], document.CheckDetails.Keys);
    }

    [Fact]
    public void Build_Failures_ErrorsAggregatedInKeyOrder()
    {
        var states = new[]
        {
            Shown("b-check", "ns1", ok: false, ["b broke"]),
            Shown("a-check", "ns2", ok: false, ["a broke", "  ", "a again"]),
            Shown("ok", "ns1", ok: true),
        };

        var document = Build(states);

        Assert.False(document.OK);
        Assert.Equal(["b broke", "a broke", "a again"], document.Errors);
        Assert.Equal(["ns1/b-check", "ns1/ok", "ns2/a-check"], document.CheckDetails.Keys);
        Assert.Same(states[0].Spec, document.CheckDetails["ns1/b-check"]);
    }

    [Fact]
    public void Build_NamespaceFilter_RecomputesOkAndErrors()
    {
        var states = new[]
        {
            Shown("bad", "ns1", ok: false, ["ns1 broke"]),
            Shown("good", "ns2", ok: true),
            Shown("job", "ns2", ok: true, workload: "KHJob"),
        };

        var document = Build(states, new HashSet<string> { "ns2" });

        Assert.True(document.OK);
        Assert.Empty(document.Errors);
        Assert.Equal(["ns2/good"], document.CheckDetails.Keys);
        Assert.Equal(["ns2/job"], document.JobDetails.Keys);
    }

    [Fact]
    public void Build_NamespaceFilterOnFailingNamespace_NotOk()
    {
        var states = new[] { Shown("bad", "ns1", ok: false, ["ns1 broke"]), Shown("good", "ns2", ok: true) };

        var document = Build(states, new HashSet<string> { "ns1", "absent" });

        Assert.False(document.OK);
        Assert.Equal(["ns1 broke"], document.Errors);
        Assert.Equal(["ns1/bad"], document.CheckDetails.Keys);
    }

    [Fact]
    public void Build_Jobs_GoToJobDetails()
    {
        var states = new[]
        {
            Shown("by-workload", "ns1", ok: false, ["job failed"], workload: "KHJob"),
            Shown("by-lookup", "ns1", ok: true),
            Shown("check", "ns1", ok: true, workload: "KHCheck"),
        };

        var document = Build(states, isJob: key => key == new CheckKey("ns1", "by-lookup"));

        Assert.Equal(["ns1/by-lookup", "ns1/by-workload"], document.JobDetails.Keys);
        Assert.Equal(["ns1/check"], document.CheckDetails.Keys);
        Assert.False(document.OK);
        Assert.Equal(["job failed"], document.Errors);
    }
}
