using HealthChecks.Controller.Metrics;
using HealthChecks.Controller.Reporting;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests.Reporting;

public class RefusalLogLimiterTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly RefusalLogLimiter _limiter;

    public RefusalLogLimiterTests()
    {
        _limiter = new RefusalLogLimiter(_clock);
    }

    [Fact]
    public void ShouldLog_AFloodOfOneKind_OneLinePerWindowCarryingTheCountOfTheRest()
    {
        Assert.True(_limiter.ShouldLog(IntakeOutcome.UnknownRun, out var first));
        var logged = Enumerable.Range(0, 999).Count(_ => _limiter.ShouldLog(IntakeOutcome.UnknownRun, out _));
        _clock.Advance(RefusalLogLimiter.Window);

        Assert.True(_limiter.ShouldLog(IntakeOutcome.UnknownRun, out var unlogged));
        Assert.Equal((0, 0, 999), (first, logged, unlogged));
    }

    [Fact]
    public void ShouldLog_EachKindHasItsOwnWindow()
    {
        Assert.True(_limiter.ShouldLog(IntakeOutcome.Malformed, out _));
        Assert.False(_limiter.ShouldLog(IntakeOutcome.Malformed, out _));

        Assert.True(_limiter.ShouldLog(IntakeOutcome.Late, out var unlogged));
        Assert.Equal(0, unlogged);
    }

    [Fact]
    public void ShouldLog_JustBeforeTheWindowEnds_StillQuiet()
    {
        Assert.True(_limiter.ShouldLog(IntakeOutcome.Superseded, out _));
        _clock.Advance(RefusalLogLimiter.Window - TimeSpan.FromMilliseconds(1));

        Assert.False(_limiter.ShouldLog(IntakeOutcome.Superseded, out _));
    }
}
