using HealthChecks.Controller.Reporting;
using HealthChecks.Controller.Resources;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Reporting;

public class ReportAdmissionTests
{
    private const string Uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static KhStateSpec Current() => new() { Uuid = Uuid, RunStarted = T0, RunDeadline = T0.AddMinutes(5), ResultUuid = "older" };

    [Fact]
    public void Decide_NoState_UnknownRun400()
    {
        var verdict = ReportAdmission.Decide(null, Uuid, T0);

        Assert.Equal(ReportAdmission.Verdict.UnknownRun, verdict);
        Assert.Equal(400, ReportAdmission.StatusCode(verdict));
        Assert.Equal($"run {Uuid} is unknown", ReportAdmission.Describe(verdict, Uuid));
    }

    [Fact]
    public void Decide_OtherRunCurrent_Superseded400()
    {
        var verdict = ReportAdmission.Decide(Current(), "7c9e6679-7425-40de-944b-e07fc1f90ae7", T0.AddSeconds(1));

        Assert.Equal(ReportAdmission.Verdict.Superseded, verdict);
        Assert.Equal(400, ReportAdmission.StatusCode(verdict));
    }

    [Fact]
    public void Decide_AlreadyReported_400()
    {
        var state = Current();
        state.ResultUuid = Uuid;

        var verdict = ReportAdmission.Decide(state, Uuid, T0.AddSeconds(1));

        Assert.Equal(ReportAdmission.Verdict.AlreadyReported, verdict);
        Assert.Equal(400, ReportAdmission.StatusCode(verdict));
    }

    [Fact]
    public void Decide_AfterDeadline_Gone410()
    {
        var verdict = ReportAdmission.Decide(Current(), Uuid, T0.AddMinutes(5).AddTicks(1));

        Assert.Equal(ReportAdmission.Verdict.PastDeadline, verdict);
        Assert.Equal(410, ReportAdmission.StatusCode(verdict));
        Assert.Equal($"run {Uuid} reported after its deadline", ReportAdmission.Describe(verdict, Uuid));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Decide_CurrentRunInTime_Accept200(int secondsAfterStart)
    {
        var verdict = ReportAdmission.Decide(Current(), Uuid, T0.AddSeconds(secondsAfterStart));

        Assert.Equal(ReportAdmission.Verdict.Accept, verdict);
        Assert.Equal(200, ReportAdmission.StatusCode(verdict));
        Assert.Equal("", ReportAdmission.Describe(verdict, Uuid));
    }

    [Fact]
    public void Decide_UpstreamStateWithoutDeadline_Accept()
    {
        var state = new KhStateSpec { Uuid = Uuid };

        Assert.Equal(ReportAdmission.Verdict.Accept, ReportAdmission.Decide(state, Uuid, T0.AddDays(10)));
    }

    [Fact]
    public void Decide_EmptyRunUuid_UnknownRun()
    {
        var state = new KhStateSpec { Uuid = "", Namespace = "kuberhealthy" };

        Assert.Equal(ReportAdmission.Verdict.UnknownRun, ReportAdmission.Decide(state, "", T0));
    }
}
