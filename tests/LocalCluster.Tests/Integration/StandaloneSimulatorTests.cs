using System.Diagnostics;
using HealthChecks.Kube;
using HealthChecks.Kube.Models;
using HealthChecks.LocalCluster.Simulation;
using HealthChecks.TestKit;

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
        var state = Directory.CreateTempSubdirectory("hc-sim-test-");
        await using var ns = await fixture.CreateNamespaceAsync("standalone", waitForServiceAccount: true);
        using var simulator = StartSimulator(state.FullName, "--nodes", "1", "--node-prefix", prefix, "--node-label", "team=blue",
            "--node-taint", $"{node}@dedicated=tests:NoSchedule", "--no-services", "--no-dns",
            "--service-cidr", fixture.Cluster.Environment.GetValueOrDefault("SERVICE_CIDR", "127.96.0.0/16"),
            "--pod-local-cidr", fixture.Cluster.Environment.GetValueOrDefault("POD_LOCAL_CIDR", "127.100.0.0/16"));
        var marker = "sleep 9" + Random.Shared.Next(100000, 999999);
        try
        {
            var registered = await Eventually.GetAsync(async () => await fixture.Client.GetAsync(KubeResources.Nodes, null, node) is { } n && n.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true ? n : null, TimeSpan.FromSeconds(30), "the node Ready");
            Assert.Equal("blue", registered.Metadata.Labels!["team"]);
            Assert.Contains(registered.Spec!.Taints!, t => t is { Key: "dedicated", Value: "tests", Effect: "NoSchedule" });

            var pod = PodSpecs.Shell(ns.Name, "pinned", $"{marker} & {marker} & wait");
            pod.Spec!.NodeName = node; // bound directly: the taint keeps the scheduler away
            await fixture.Client.CreateAsync(KubeResources.Pods, pod);
            await new SimulatorDriver(fixture).WaitForPhaseAsync(pod, "Running");
            await Eventually.TrueAsync(() => Task.FromResult(SimulatorDriver.ProcessesWith(marker).Count >= 2), TimeSpan.FromSeconds(10), "the pod's processes");

            simulator.Kill(); // SIGKILL: no chance to clean up
            await simulator.WaitForExitAsync();
            await Eventually.TrueAsync(() => Task.FromResult(SimulatorDriver.ProcessesWith(marker).Count == 0), TimeSpan.FromSeconds(5), "no process of the pod left");
        }
        finally
        {
            if (!simulator.HasExited)
            {
                simulator.Kill();
            }

            // Nobody runs this node any more: remove its pod at once, and the node.
            await fixture.Client.DeleteAsync(KubeResources.Pods, ns.Name, "pinned", new V1DeleteOptions { GracePeriodSeconds = 0 });
            await fixture.Client.DeleteAsync(KubeResources.Nodes, null, node);
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SecondSimulatorOnTheSameAddresses_StopsWithAnError()
    {
        var prefix = "t-dup-" + Guid.NewGuid().ToString("N")[..6];
        var state = Directory.CreateTempSubdirectory("hc-sim-test-");
        // Same Service range as the shared simulator, which already listens there.
        using var simulator = StartSimulator(state.FullName, "--nodes", "1", "--node-prefix", prefix,
            "--service-cidr", fixture.Cluster.Environment.GetValueOrDefault("SERVICE_CIDR", "127.96.0.0/16"),
            "--pod-local-cidr", fixture.Cluster.Environment.GetValueOrDefault("POD_LOCAL_CIDR", "127.100.0.0/16"));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await simulator.WaitForExitAsync(timeout.Token);
            Assert.Equal(3, simulator.ExitCode);
        }
        finally
        {
            if (!simulator.HasExited)
            {
                simulator.Kill();
            }

            await fixture.Client.DeleteAsync(KubeResources.Nodes, null, prefix + "-1");
            state.Delete(recursive: true);
        }
    }

    private Process StartSimulator(string state, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[typeof(SimulatorOptions).Assembly.Location, "simulate", "--kubeconfig", fixture.Cluster.AdminKubeconfig, "--state", state, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        // Drain its output so it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
