using HealthChecks.Controller.Crds;

namespace HealthChecks.Controller.Tests.Crds;

public sealed class CrdSchemaGateTests
{
    private static readonly CrdSchemaProblem Outdated = new([new CrdGap("khstates", CrdGapKind.MissingFields, ["ResultUUID"])]);

    [Fact]
    public async Task WaitUntilFit_Undecided_WaitsForTheFirstVerdict()
    {
        using var gate = new CrdSchemaGate();

        var wait = gate.WaitUntilFitAsync(CancellationToken.None);

        Assert.False(gate.IsDecided);
        Assert.False(wait.IsCompleted);
        gate.Decide(null);
        var whileFit = await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(whileFit.IsCancellationRequested);
        Assert.Null(gate.Problem);
    }

    [Fact]
    public async Task Decide_Problem_CancelsTheFitPeriod_AndWaitsUntilFitAgain()
    {
        using var gate = CrdSchemaGate.Fit();
        var first = await gate.WaitUntilFitAsync(CancellationToken.None);

        gate.Decide(Outdated);

        Assert.True(first.IsCancellationRequested);
        Assert.Same(Outdated, gate.Problem);
        var wait = gate.WaitUntilFitAsync(CancellationToken.None);
        Assert.False(wait.IsCompleted);
        gate.Decide(Outdated with { }); // a second verdict while refused changes nothing for waiters
        Assert.False(wait.IsCompleted);
        gate.Decide(null);
        var second = await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(second.IsCancellationRequested);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task WaitUntilFit_Cancelled_Throws()
    {
        using var gate = new CrdSchemaGate();
        using var stop = new CancellationTokenSource();
        gate.Decide(Outdated);

        var wait = gate.WaitUntilFitAsync(stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
