using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>
/// A second simulator of its own (one node with its own prefix, no Services, no DNS) beside the
/// shared one: for node labels and taints, and to kill it with SIGKILL without disturbing others.
/// </summary>
[Collection(SimulatorGroup.Name)]
public sealed class StandaloneSimulatorTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task OwnNode_HasItsLabelsAndTaints_AndSigkillLeavesNoProcessBehind()
    {
        var prefix = "t-sim-" + Guid.NewGuid().ToString("N")[..6];
        var node = prefix + "-1";
        await using var ns = await fixture.CreateNamespaceAsync("standalone", waitForServiceAccount: true);
        // Disposed before the namespace: it deletes the node and force-deletes the pod nobody runs any more.
        await using var simulator = await SimulatorProcess.StartAsync(fixture, new SimulatorSettings { Prefix = prefix, Labels = ["team=blue"], Taints = [$"{node}@dedicated=tests:NoSchedule"] });
        var marker = "sleep 9" + Random.Shared.Next(100000, 999999);

        var registered = await fixture.Client.CoreV1.ReadNodeAsync(node);
        Assert.Equal("blue", registered.Metadata.Labels!["team"]);
        Assert.Contains(registered.Spec!.Taints!, t => t is { Key: "dedicated", Value: "tests", Effect: "NoSchedule" });

        var pod = PodSpecs.Shell(ns.Name, "pinned", $"{marker} & {marker} & wait");
        pod.Spec!.NodeName = node; // bound directly: the taint keeps the scheduler away
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(pod, ns.Name);
        await new SimulatorDriver(fixture).WaitForPhaseAsync(pod, "Running");
        await Eventually.TrueAsync(() => Task.FromResult(SimulatorDriver.ProcessesWith(marker).Count >= 2), TimeSpan.FromSeconds(10), "the pod's processes");

        simulator.Kill(); // SIGKILL: no chance to clean up
        await simulator.WaitForExitAsync();
        await Eventually.TrueAsync(() => Task.FromResult(SimulatorDriver.ProcessesWith(marker).Count == 0), TimeSpan.FromSeconds(5), "no process of the pod left");
    }

    [Fact]
    public async Task SecondSimulatorOnTheSameAddresses_StopsWithAnError()
    {
        // Services on: the same Service range as the shared simulator, which already listens there.
        await using var simulator = SimulatorProcess.Start(fixture, new SimulatorSettings { Prefix = "t-dup-" + Guid.NewGuid().ToString("N")[..6], Network = true });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await simulator.WaitForExitAsync(timeout.Token);

        Assert.Equal(3, simulator.ExitCode);
    }
}
