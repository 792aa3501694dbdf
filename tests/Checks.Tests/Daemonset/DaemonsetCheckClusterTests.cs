using HealthChecks.Checks.Common;
using HealthChecks.Checks.Daemonset;
using HealthChecks.TestKit;
using HealthChecks.TestKit.PodSecurity;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Checks.Tests.Daemonset;

/// <summary>
/// The daemonset check on the real API server (DaemonSet controller and scheduler included) and
/// node simulators of the test's own (<see cref="DaemonsetNodes"/>), whose nodes a NODE_SELECTOR
/// keeps the check to. A node that cannot run the pod is one whose simulator has no rule for the
/// image (ErrImagePull, as a node without access to the registry); a node that cannot remove it is
/// one whose simulator was killed (a dead kubelet).
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DaemonsetCheckClusterTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private const string Instance = "checker";
    private readonly Kubernetes _client = fixture.Client;
    private CheckHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CheckHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    // Pods of this run's DaemonSet are named daemonset-checker-<unix time>-xxxxx; the leftover's are not.
    private static string PodPrefix => $"daemonset-{Instance}-";

    private static DaemonsetCheckOptions Options(string @namespace, TimeSpan grace) => new()
    {
        Namespace = @namespace,
        PauseImage = DaemonsetNodes.TestImage,
        NodeSelector = DaemonsetNodes.Selector(@namespace),
        ShutdownGracePeriod = grace,
        Instance = Instance,
        PollInterval = TimeSpan.FromMilliseconds(250),
        StableFor = TimeSpan.FromSeconds(1),
        ReissueDeleteEvery = TimeSpan.FromSeconds(2),
    };

    private static async Task WaitForNodesAsync(params SimulatorProcess[] simulators) =>
        await Task.WhenAll(simulators.Select(s => s.WaitForNodesAsync(DaemonsetNodes.ReadyTimeout)));

    private async Task AssertNothingLeftAsync(string @namespace)
    {
        Assert.Empty((await _client.AppsV1.ListNamespacedDaemonSetAsync(@namespace)).Items);
        Assert.Empty((await _client.CoreV1.ListNamespacedPodAsync(@namespace)).Items);
    }

    [Fact]
    public async Task Run_EveryNodeGetsAPod_PassesAndLeavesNothingBehind()
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-ok", waitForServiceAccount: true);
        var settings = DaemonsetNodes.Settings(ns.Name, "n", count: 3, taints: $"{ns.Name}-n-3@dedicated=infra:NoSchedule");
        await using var nodes = await SimulatorProcess.StartAsync(fixture, settings);
        // The image the check uses unless told otherwise: the simulator's built-in map runs it.
        var options = Options(ns.Name, TimeSpan.FromSeconds(20)) with { PauseImage = new DaemonsetCheckOptions().PauseImage };
        // A leftover of a crashed earlier run: removed first.
        await _client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSetSpecBuilder.Build(options, "daemonset-old-1", DateTimeOffset.UtcNow.AddHours(-1), [], 1000), ns.Name);
        await using var pods = await PodRecorder.StartAsync(_client, ns.Name);

        var report = await new DaemonsetCheck(_client, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(80)), default);

        Assert.True(report.OK, string.Join("\n", report.Errors) + "\nsimulator:\n" + nodes.Output);
        await AssertNothingLeftAsync(ns.Name);
        // Every node got a pod, the tainted one too (TOLERATIONS unset, ALLOWED_TAINTS empty: all taints tolerated).
        await DaemonsetNodes.WaitAssignedAsync(_client, ns.Name, PodPrefix, nodes.Nodes);
        // Every pod of the run's DaemonSet (and of the leftover) would start under "restricted".
        await PodSecurityAssert.EveryPodRestrictedAsync(pods, atLeast: nodes.Nodes.Count);
    }

    [Fact]
    public async Task Run_NodeCannotPullThePauseImage_FailsNamingOnlyItAndStillRemovesEverything()
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-miss", waitForServiceAccount: true);
        await using var good = SimulatorProcess.Start(fixture, DaemonsetNodes.Settings(ns.Name, "good", count: 2));
        await using var broken = SimulatorProcess.Start(fixture, DaemonsetNodes.Settings(ns.Name, "broken", canPullTestImage: false));
        await WaitForNodesAsync(good, broken);

        var report = await new DaemonsetCheck(_client, Options(ns.Name, TimeSpan.FromSeconds(20)), NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(32)), default);

        Assert.False(report.OK);
        var error = Assert.Single(report.Errors);
        Assert.StartsWith("kuberhealthy/daemonset: Reached check pod timeout: ", error, StringComparison.Ordinal);
        Assert.EndsWith($"waiting for all pods to come online. Node(s) missing daemonset pod: {broken.Nodes[0]}", error, StringComparison.Ordinal);
        // The simulator removes a pod stuck in ErrImagePull like any other: nothing is left.
        await AssertNothingLeftAsync(ns.Name);
        await DaemonsetNodes.WaitAssignedAsync(_client, ns.Name, PodPrefix, [.. good.Nodes, .. broken.Nodes]);
    }

    /// <summary>
    /// A node whose taint the check does not tolerate is not eligible, so it is left out rather than
    /// named: as upstream, and as the DaemonSet controller, which puts no pod there. The node cannot
    /// run the pod either, so the run would fail naming it if the check expected a pod there or
    /// tolerated the taint.
    /// </summary>
    [Theory]
    [InlineData("ALLOWED_TAINTS=dedicated=infra:NoSchedule")]
    [InlineData("TOLERATIONS=other")]
    public async Task Run_TaintNotTolerated_NodeLeftOutAndTheRunPasses(string setting)
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-taint", waitForServiceAccount: true);
        await using var good = SimulatorProcess.Start(fixture, DaemonsetNodes.Settings(ns.Name, "good"));
        await using var infra = SimulatorProcess.Start(fixture, DaemonsetNodes.Settings(ns.Name, "infra", canPullTestImage: false, taints: "dedicated=infra:NoSchedule"));
        await WaitForNodesAsync(good, infra);
        var options = setting.StartsWith("ALLOWED_TAINTS=", StringComparison.Ordinal)
            ? Options(ns.Name, TimeSpan.FromSeconds(20)) with { AllowedTaints = [new TaintSpec("dedicated", "infra", "NoSchedule")] }
            : Options(ns.Name, TimeSpan.FromSeconds(20)) with { Tolerations = TolerationSyntax.Parse("other") };

        var report = await new DaemonsetCheck(_client, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(60)), default);

        Assert.True(report.OK, string.Join("\n", report.Errors));
        await AssertNothingLeftAsync(ns.Name);
        await DaemonsetNodes.WaitAssignedAsync(_client, ns.Name, PodPrefix, good.Nodes);
        Assert.DoesNotContain(infra.Nodes[0], await DaemonsetNodes.AssignedNodesAsync(_client, ns.Name, PodPrefix));
    }

    [Fact]
    public async Task Run_NodeDiesWhileItsPodRuns_FailsNamingItOnRemoval()
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-stuck", waitForServiceAccount: true);
        await using var good = SimulatorProcess.Start(fixture, DaemonsetNodes.Settings(ns.Name, "good"));
        await using var dying = SimulatorProcess.Start(fixture, DaemonsetNodes.Settings(ns.Name, "dying"));
        await WaitForNodesAsync(good, dying);
        // Its kubelet dies once the pod runs: the pod stays Ready in the API (nobody reports otherwise
        // for 40 s), the rollout passes, and its deletion waits for a kubelet that never comes back.
        var killer = Task.Run(async () =>
        {
            var onDyingNode = "spec.nodeName=" + dying.Nodes[0];
            await Eventually.TrueAsync(async () => (await _client.CoreV1.ListNamespacedPodAsync(ns.Name, fieldSelector: onDyingNode)).Items.Any(PodReadiness.IsReady), TimeSpan.FromSeconds(30), "the pod on the dying node Ready");
            dying.Kill();
        });
        // Five steady seconds before the removal starts leave the killer time to act on a busy machine.
        var options = Options(ns.Name, TimeSpan.FromSeconds(20)) with { StableFor = TimeSpan.FromSeconds(5) };
        using var runnerStop = new CancellationTokenSource(TimeSpan.FromSeconds(35));

        var report = await new DaemonsetCheck(_client, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromMinutes(2)), runnerStop.Token);

        await killer;
        Assert.False(report.OK);
        var error = Assert.Single(report.Errors);
        Assert.EndsWith($"waiting for daemonset pods removal. Node(s) failing to remove daemonset pod: {dying.Nodes[0]}", error, StringComparison.Ordinal);
        Assert.Empty((await _client.AppsV1.ListNamespacedDaemonSetAsync(ns.Name)).Items);
    }
}
