using System.Diagnostics;
using System.Net;
using HealthChecks.Controller.Api;
using Microsoft.AspNetCore.Http;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Api;

public class RequestGateTests
{
    private static readonly IPAddress Flooder = IPAddress.Parse("10.0.0.7");
    private static readonly IPAddress Other = IPAddress.Parse("10.0.0.8");

    [Fact]
    public void Enter_OneSourceOverItsRate_429AfterABurstOfTwiceTheRate_OtherSourcesStillPass()
    {
        using var gate = new ReportGate(Options() with { MaxReportsPerSourcePerSecond = 50, MaxConcurrentReports = 100_000 });
        var clock = Stopwatch.StartNew();

        var passed = 0;
        int refusedWith;
        while (true)
        {
            var (pass, refused) = gate.Enter(Flooder);
            if (pass is null)
            {
                refusedWith = refused;
                break;
            }

            pass.Dispose();
            Assert.True(++passed <= 10_000, "the gate never refused");
        }

        // A burst of 100, plus at most one second's 50 for every second the loop took (the bucket refills on a timer).
        Assert.Equal(StatusCodes.Status429TooManyRequests, refusedWith);
        Assert.InRange(passed, 100, 100 + (50 * (int)Math.Ceiling(clock.Elapsed.TotalSeconds)));
        var (otherPass, _) = gate.Enter(Other);
        Assert.NotNull(otherPass);
        otherPass.Dispose();
    }

    [Fact]
    public void Enter_MoreAtOnceThanTheConcurrencyBound_503UntilOneIsAnswered()
    {
        using var gate = new ReportGate(Options() with { MaxReportsPerSourcePerSecond = 100_000, MaxConcurrentReports = 128 });
        var held = Enumerable.Range(0, 128).Select(_ => gate.Enter(Flooder).Pass ?? throw new InvalidOperationException("refused below the bound")).ToList();

        var (pass, refusedWith) = gate.Enter(Other);
        Assert.Null(pass);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refusedWith);

        held[0].Dispose();
        var (next, _) = gate.Enter(Other);
        Assert.NotNull(next);
        next.Dispose();
        held.Skip(1).ToList().ForEach(p => p.Dispose());
    }
}
