using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Reporting;

namespace HealthChecks.Controller.Tests.Metrics;

public class ReportOutcomesTests
{
    [Fact]
    public void Label_EveryOutcome_DistinctSnakeCase()
    {
        var labels = ReportOutcomes.All.Select(ReportOutcomes.Label).ToList();

        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.All(labels, l => Assert.Matches("^[a-z]+(_[a-z]+)*$", l));
    }

    [Theory]
    [InlineData(ReportAdmission.Verdict.Accept, ReportOutcome.Stored)]
    [InlineData(ReportAdmission.Verdict.UnknownRun, ReportOutcome.UnknownRun)]
    [InlineData(ReportAdmission.Verdict.Superseded, ReportOutcome.Superseded)]
    [InlineData(ReportAdmission.Verdict.AlreadyReported, ReportOutcome.Duplicate)]
    [InlineData(ReportAdmission.Verdict.PastDeadline, ReportOutcome.Late)]
    public void Of_EachVerdict_ItsOutcome(ReportAdmission.Verdict verdict, ReportOutcome expected)
    {
        Assert.Equal(expected, ReportOutcomes.Of(verdict));
    }

    [Fact]
    public void Counter_EveryOutcomeFromZero()
    {
        var scrape = new Scrape();

        scrape.Metrics.CountReport(ReportOutcome.Late);

        var samples = scrape.Samples("kuberhealthy_reports_total");
        Assert.Equal(ReportOutcomes.All.Count, samples.Count);
        Assert.Contains("kuberhealthy_reports_total{outcome=\"late\"} 1", samples);
        Assert.Contains("kuberhealthy_reports_total{outcome=\"too_large\"} 0", samples);
    }
}
