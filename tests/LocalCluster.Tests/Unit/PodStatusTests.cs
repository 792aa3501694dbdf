using HealthChecks.LocalCluster.Pods;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class PodStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ContainerRecord Waiting() => new("w", "img");

    private static ContainerRecord Running(bool ready = true)
    {
        var c = new ContainerRecord("r", "img");
        c.SetRunning(T0);
        c.ProbeReady = ready;
        return c;
    }

    private static ContainerRecord Exited(int code)
    {
        var c = new ContainerRecord("t", "img");
        c.SetTerminated(code, T0, T0.AddSeconds(1));
        return c;
    }

    private static ContainerRecord Restarting()
    {
        var c = Exited(1);
        c.PrepareRestart("CrashLoopBackOff", "back-off");
        return c;
    }

    // Containers by letter: W waiting, R running, S succeeded (exit 0), F failed (exit 1), B restarting after a failure.
    [Theory]
    [InlineData("Never", "W", "Pending")]
    [InlineData("Never", "WR", "Pending")]
    [InlineData("Never", "R", "Running")]
    [InlineData("Never", "RS", "Running")]
    [InlineData("Never", "S", "Succeeded")]
    [InlineData("Never", "SF", "Failed")]
    [InlineData("OnFailure", "S", "Succeeded")]
    [InlineData("OnFailure", "B", "Running")]
    [InlineData("Always", "S", "Running")]
    [InlineData("Always", "B", "Running")]
    [InlineData("Always", "", "Pending")]
    public void Phase_FollowsKubelet(string policy, string containers, string phase) =>
        Assert.Equal(phase, PodPhases.Of(policy, containers.Select(c => c switch
        {
            'W' => Waiting(),
            'R' => Running(),
            'S' => Exited(0),
            'F' => Exited(1),
            _ => Restarting(),
        }).ToList()));

    [Fact]
    public void Restart_KeepsTheLastRunAndCounts()
    {
        var c = Restarting();
        var status = c.ToStatus();
        Assert.Equal(1, status.RestartCount);
        Assert.Equal("CrashLoopBackOff", status.State!.Waiting!.Reason);
        Assert.Equal(1, status.LastState!.Terminated!.ExitCode);
        Assert.Equal("Error", status.LastState.Terminated.Reason);
        Assert.Equal("Completed", Exited(0).ToStatus().State!.Terminated!.Reason);
    }

    [Fact]
    public void Ready_NeedsEveryContainerRunningAndProbedReady()
    {
        var clock = new ConditionClock();
        Assert.Equal("True", Condition(PodStatusBuilder.Build("Always", [Running(), Running()], null, T0, clock, T0), "Ready"));
        Assert.Equal("False", Condition(PodStatusBuilder.Build("Always", [Running(), Running(ready: false)], null, T0, clock, T0), "Ready"));
        Assert.Equal("False", Condition(PodStatusBuilder.Build("Always", [Running(), Waiting()], null, T0, clock, T0), "ContainersReady"));
    }

    [Fact]
    public void ConditionTransitionTime_MovesOnlyOnChange()
    {
        var clock = new ConditionClock();
        var facts = new PodFacts("10.244.0.1", "127.100.255.1", "127.100.0.1");
        var first = PodStatusBuilder.Build("Always", [Running()], facts, T0, clock, T0);
        var same = PodStatusBuilder.Build("Always", [Running()], facts, T0, clock, T0.AddMinutes(1));
        var changed = PodStatusBuilder.Build("Always", [Running(ready: false)], facts, T0, clock, T0.AddMinutes(2));
        Assert.Equal(T0.UtcDateTime, same.Conditions!.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal(T0.AddMinutes(2).UtcDateTime, changed.Conditions!.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal("10.244.0.1", first.PodIP);
        Assert.Equal("127.100.255.1", first.HostIP);
    }

    [Fact]
    public void FinishedPod_IsNotReady()
    {
        var status = PodStatusBuilder.Build("Never", [Exited(0)], null, T0, new ConditionClock(), T0);
        Assert.Equal("Succeeded", status.Phase);
        Assert.Equal("PodCompleted", status.Conditions!.Single(c => c.Type == "Ready").Reason);
    }

    private static string? Condition(k8s.Models.V1PodStatus status, string type) => status.Conditions!.Single(c => c.Type == type).Status;
}
