using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Reporting;

namespace HealthChecks.Controller.Tests.Metrics;

public class IntakeOutcomesTests
{
    [Fact]
    public void Label_EveryOutcome_DistinctSnakeCase()
    {
        var labels = IntakeOutcomes.All.Select(IntakeOutcomes.Label).ToList();

        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.All(labels, l => Assert.Matches("^[a-z]+(_[a-z]+)*$", l));
    }

    [Theory]
    [InlineData(ReportAdmission.Verdict.Accept, IntakeOutcome.Stored)]
    [InlineData(ReportAdmission.Verdict.UnknownRun, IntakeOutcome.UnknownRun)]
    [InlineData(ReportAdmission.Verdict.Superseded, IntakeOutcome.Superseded)]
    [InlineData(ReportAdmission.Verdict.AlreadyReported, IntakeOutcome.Duplicate)]
    [InlineData(ReportAdmission.Verdict.PastDeadline, IntakeOutcome.Late)]
    public void Of_EachVerdict_ItsOutcome(ReportAdmission.Verdict verdict, IntakeOutcome expected)
    {
        Assert.Equal(expected, IntakeOutcomes.Of(verdict));
    }

    [Fact]
    public void Counter_EveryOutcomeFromZero()
    {
        var scrape = new Scrape();

        scrape.Metrics.CountReport(IntakeOutcome.Late);

        var samples = scrape.Samples("kuberhealthy_reports_total");
        Assert.Equal(IntakeOutcomes.All.Count, samples.Count);
        Assert.Contains("kuberhealthy_reports_total{outcome=\"late\"} 1", samples);
        Assert.Contains("kuberhealthy_reports_total{outcome=\"too_large\"} 0", samples);
    }
}
