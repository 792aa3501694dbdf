using HealthChecks.LocalCluster.Pods;
using HealthChecks.TestKit;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class ProbeLoopTests
{
    [Fact]
    public async Task Verdict_ChangesOnlyWhenThresholdsAreMet()
    {
        var time = new ManualTimeProvider();
        var answers = new Queue<bool>([true, false, false, false, true, true]);
        var attempts = 0;
        var verdicts = new List<bool>();
        var probe = new V1Probe { InitialDelaySeconds = 5, PeriodSeconds = 2, FailureThreshold = 3, SuccessThreshold = 2 };
        var loop = new ProbeLoop(probe, _ => { attempts++; return Task.FromResult(answers.Count > 0 && answers.Dequeue()); }, verdicts.Add, time);
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(initial: false, stop.Token);

        time.Advance(TimeSpan.FromSeconds(4));
        await Settle();
        Assert.Equal(0, attempts); // still in the initial delay

        for (var i = 0; i < 6; i++)
        {
            time.Advance(i == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2));
            await Settle();
        }

        Assert.Equal(6, attempts);
        // true (1 of 2 successes: no change), 3 failures (already false), then 2 successes: ready.
        Assert.Equal([true], verdicts);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Liveness_TurnsFalseAfterFailureThreshold()
    {
        var time = new ManualTimeProvider();
        var verdicts = new List<bool>();
        var loop = new ProbeLoop(new V1Probe { PeriodSeconds = 1, FailureThreshold = 2 }, _ => Task.FromResult(false), verdicts.Add, time);
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(initial: true, stop.Token);
        await Settle();
        time.Advance(TimeSpan.FromSeconds(1));
        await Settle();
        Assert.Equal([false], verdicts);
        await stop.CancelAsync();
        await running;
    }

    // The loop continues on timer callbacks; give them a moment to run.
    private static Task Settle() => Task.Delay(50);
}
