using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

[Collection(SimulatorGroup.Name)]
public sealed class PodPhaseTests(ControlPlaneFixture fixture)
{
    private readonly SimulatorDriver _sim = new(fixture);

    [Fact]
    public async Task ExitZero_Succeeds_WithFewStatusWrites()
    {
        await using var ns = await fixture.CreateNamespaceAsync("phase", waitForServiceAccount: true);
        using var watching = new CancellationTokenSource(SimulatorDriver.PodTimeout);
        var watcher = new ResourceWatcher<V1Pod>(new ResourceClient<V1Pod>(fixture.Client, BuiltInKinds.Pods), ns.Name);
        var events = new List<WatchEvent<V1Pod>>();
        var recording = Task.Run(async () =>
        {
            await foreach (var change in watcher.WatchAsync(watching.Token))
            {
                events.Add(change);
                if (change.Object.Status?.Phase == "Succeeded")
                {
                    return;
                }
            }
        });
        await watcher.Synced.WaitAsync(SimulatorDriver.PodTimeout);

        var pod = await _sim.CreateAsync(PodSpecs.Shell(ns.Name, "ok", "echo all done"));
        var done = await _sim.WaitForPhaseAsync(pod, "Succeeded");
        await recording;

        var terminated = done.Status!.ContainerStatuses!.Single().State!.Terminated!;
        Assert.Equal((0, "Completed"), (terminated.ExitCode, terminated.Reason));
        Assert.NotNull(terminated.FinishedAt);
        Assert.StartsWith("10.244.", done.Status.PodIP, StringComparison.Ordinal);
        Assert.Contains("all done", await _sim.LogAsync(done), StringComparison.Ordinal);
        // ADDED, the scheduler's binding, then our writes (running, succeeded): one write per real change.
        Assert.InRange(events.Count, 3, 5);
    }

    [Fact]
    public async Task ExitOne_Fails_WithTheExitCode()
    {
        await using var ns = await fixture.CreateNamespaceAsync("phase", waitForServiceAccount: true);
        var pod = await _sim.CreateAsync(PodSpecs.Shell(ns.Name, "bad", "echo failing >&2; exit 1"));
        var failed = await _sim.WaitForPhaseAsync(pod, "Failed");
        var terminated = failed.Status!.ContainerStatuses!.Single().State!.Terminated!;
        Assert.Equal((1, "Error"), (terminated.ExitCode, terminated.Reason));
        Assert.Contains("failing", await _sim.LogAsync(failed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownImage_StaysPendingWithErrImagePull()
    {
        await using var ns = await fixture.CreateNamespaceAsync("phase", waitForServiceAccount: true);
        var pod = await _sim.CreateAsync(PodSpecs.Image(ns.Name, "nope", "registry.example/unknown:1"));
        var pending = await _sim.WaitAsync(pod, p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ErrImagePull", "ErrImagePull");
        Assert.Equal("Pending", pending.Status!.Phase);
        Assert.False(pending.Status.ContainerStatuses![0].Ready);
    }

    [Fact]
    public async Task RestartPolicyAlways_RestartsAndCounts()
    {
        await using var ns = await fixture.CreateNamespaceAsync("phase", waitForServiceAccount: true);
        var pod = await _sim.CreateAsync(PodSpecs.Shell(ns.Name, "loop", "echo run; exit 2", restartPolicy: "Always", grace: 1));
        var restarted = await _sim.WaitAsync(pod, p => p.Status?.ContainerStatuses?.FirstOrDefault()?.RestartCount >= 2, "two restarts");
        var status = restarted.Status!.ContainerStatuses!.Single();
        Assert.Equal("Running", restarted.Status.Phase);
        Assert.Equal(2, status.LastState!.Terminated!.ExitCode);
        Assert.True((await _sim.LogAsync(restarted)).Split("run").Length >= 3);
    }

    [Fact]
    public async Task ReadinessProbe_DecidesReady()
    {
        await using var ns = await fixture.CreateNamespaceAsync("probe", waitForServiceAccount: true);
        var ready = PodSpecs.Image(ns.Name, "web", "nginx");
        ready.Spec!.Containers![0].Ports = [new V1ContainerPort { ContainerPort = 8081, Name = "http" }];
        ready.Spec.Containers[0].ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http", Path = "/" }, PeriodSeconds = 1 };
        var closed = PodSpecs.Image(ns.Name, "closed", "nginx");
        closed.Spec!.Containers![0].ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 9 }, PeriodSeconds = 1 };

        var readyPod = await _sim.CreateAsync(ready);
        var closedPod = await _sim.CreateAsync(closed);
        await _sim.WaitAsync(readyPod, p => p.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true, "Ready");
        var running = await _sim.WaitForPhaseAsync(closedPod, "Running");
        await Task.Delay(TimeSpan.FromSeconds(3)); // several probe periods
        running = await _sim.ReadAsync(running);
        Assert.Equal("False", running!.Status!.Conditions!.Single(c => c.Type == "Ready").Status);
    }
}
