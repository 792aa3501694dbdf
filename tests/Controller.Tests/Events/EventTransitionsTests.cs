using HealthChecks.Controller.Events;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Tests.Events;

public sealed class EventTransitionsTests
{
    private static CheckOutcome Ok(string run) => new(run, true, null, [], 0);

    private static CheckOutcome Failed(string run, string reason = FailureReason.CheckFailed, int inARow = 1, bool shown = true) =>
        new(run, !shown, reason, shown ? ["disk is full"] : [], inARow);

    private static CheckOutcome Invalid(string error) => new("r0", false, FailureReason.InvalidSpec, [error], 0);

    [Fact]
    public void SuccessAfterSuccess_Nothing() => Assert.Null(EventTransitions.Decide(Ok("r1"), Ok("r2")));

    [Fact]
    public void FirstSuccessOfANewCheck_Nothing() => Assert.Null(EventTransitions.Decide(null, Ok("r1")));

    [Fact]
    public void SameStateWithoutANewResult_Nothing() => Assert.Null(EventTransitions.Decide(Failed("r1"), Failed("r1")));

    [Fact]
    public void StartsFailing_WarningWithTheReasonAndErrors()
    {
        var news = EventTransitions.Decide(Ok("r1"), Failed("r2"));

        Assert.Equal(new CheckEvent("Warning", FailureReason.CheckFailed, "disk is full"), news);
    }

    [Fact]
    public void SameFailureAgain_Nothing() => Assert.Null(EventTransitions.Decide(Failed("r1"), Failed("r2", inARow: 2)));

    [Fact]
    public void FailsForAnotherReason_Warning() =>
        Assert.Equal(FailureReason.Timeout, EventTransitions.Decide(Failed("r1"), Failed("r2", FailureReason.Timeout))?.Reason);

    [Fact]
    public void ToleratedFailureBelowTheThreshold_WarningSaysSo()
    {
        var news = EventTransitions.Decide(Ok("r1"), Failed("r2", shown: false));

        Assert.Contains("tolerated below the check's failureThreshold", news?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovers_NormalCheckRecovered()
    {
        var news = EventTransitions.Decide(Failed("r1", inARow: 3), Ok("r2"));

        Assert.Equal(("Normal", CheckEvent.Recovered), (news?.Type, news?.Reason));
        Assert.Contains("after 3 failed run(s) (CheckFailed)", news?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BecomesInvalid_Warning_AndOnlyOnceForTheSameProblem()
    {
        Assert.Equal(FailureReason.InvalidSpec, EventTransitions.Decide(Ok("r1"), Invalid("bad interval"))?.Reason);
        Assert.Null(EventTransitions.Decide(Invalid("bad interval"), Invalid("bad interval")));
        Assert.NotNull(EventTransitions.Decide(Invalid("bad interval"), Invalid("bad timeout")));
    }

    [Fact]
    public void FixedAndPassing_NormalCheckRecovered() =>
        Assert.Equal(CheckEvent.Recovered, EventTransitions.Decide(Invalid("bad interval"), Ok("r2"))?.Reason);
}
