using HealthChecks.Checks.Daemonset;
using HealthChecks.Checks.Tests.Cluster;
using HealthChecks.Kube;
using HealthChecks.Kube.Models;
using HealthChecks.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Checks.Tests.Daemonset;

/// <summary>
/// The daemonset check on the real API server (DaemonSet controller and scheduler included) with
/// the test playing kubelet for its own nodes, which a NODE_SELECTOR keeps the check to.
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DaemonsetCheckClusterTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private readonly KubeApiClient _client = fixture.Client;
    private CheckHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CheckHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static V1Taint Infra => new() { Key = "dedicated", Value = "infra", Effect = "NoSchedule" };

    private static DaemonsetCheckOptions Options(string @namespace, TimeSpan grace) => new()
    {
        Namespace = @namespace,
        NodeSelector = new Dictionary<string, string> { ["hc-test"] = @namespace },
        ShutdownGracePeriod = grace,
        Instance = "checker",
        PollInterval = TimeSpan.FromMilliseconds(250),
        StableFor = TimeSpan.FromSeconds(1),
        ReissueDeleteEvery = TimeSpan.FromSeconds(2),
    };

    private Task<FakeKubelet> NodesAsync(string @namespace, params (string Name, V1Taint[] Taints)[] nodes) =>
        FakeKubelet.StartAsync(_client, @namespace, nodes.ToDictionary(n => $"{@namespace}-{n.Name}", n => (new Dictionary<string, string> { ["hc-test"] = @namespace }, n.Taints.ToList())));

    private async Task<List<string>> DaemonSetsAsync(string @namespace) =>
        (await _client.ListAsync(KubeResources.DaemonSets, @namespace)).Items.Select(d => d.Metadata.Name!).ToList();

    [Fact]
    public async Task Run_EveryNodeGetsAPod_PassesAndLeavesNothingBehind()
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-ok", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, ("a", []), ("b", []), ("infra", [Infra]));
        var options = Options(ns.Name, TimeSpan.FromSeconds(20));
        // A leftover of a crashed earlier run: removed first.
        var then = DateTimeOffset.UtcNow.AddHours(-1);
        await _client.CreateAsync(KubeResources.DaemonSets, DaemonSetSpecBuilder.Build(options, "daemonset-old-1", then, [], 1000));

        var report = await new DaemonsetCheck(_client, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(80)), default);

        Assert.True(report.OK, string.Join("\n", report.Errors) + $"\nkubelet: {kubelet.LastError}");
        Assert.Empty(await DaemonSetsAsync(ns.Name));
        Assert.Empty((await _client.ListAsync(KubeResources.Pods, ns.Name)).Items);
        // The tainted node was tolerated (TOLERATIONS unset, ALLOWED_TAINTS empty) and got its pod.
        Assert.Contains($"{ns.Name}-infra", kubelet.SeenPods.Values);
    }

    [Fact]
    public async Task Run_NodeNeverStartsItsPod_FailsNamingItAndStillRemovesTheDaemonSet()
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-miss", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, ("a", []), ("broken", []));
        kubelet.Broken[$"{ns.Name}-broken"] = true;

        var report = await new DaemonsetCheck(_client, Options(ns.Name, TimeSpan.FromSeconds(20)), NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(30)), default);

        Assert.False(report.OK);
        var error = Assert.Single(report.Errors);
        Assert.StartsWith("kuberhealthy/daemonset: Reached check pod timeout: ", error, StringComparison.Ordinal);
        Assert.EndsWith($"waiting for all pods to come online. Node(s) missing daemonset pod: {ns.Name}-broken", error, StringComparison.Ordinal);
        Assert.Empty(await DaemonSetsAsync(ns.Name));
    }

    [Fact]
    public async Task Run_AllowedTaint_NodeNotTargeted()
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-allow", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, ("a", []), ("infra", [Infra]));
        // Were the taint tolerated, the pod there would never start and the check would fail.
        kubelet.Broken[$"{ns.Name}-infra"] = true;
        var options = Options(ns.Name, TimeSpan.FromSeconds(20)) with { AllowedTaints = [new TaintSpec("dedicated", "infra", "NoSchedule")] };

        var report = await new DaemonsetCheck(_client, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(60)), default);

        Assert.True(report.OK, string.Join("\n", report.Errors));
        Assert.DoesNotContain($"{ns.Name}-infra", kubelet.SeenPods.Values);
    }

    [Fact]
    public async Task Run_PodWillNotGo_FailsNamingTheNode()
    {
        await using var ns = await fixture.CreateNamespaceAsync("ds-stuck", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, ("a", []), ("sticky", []));
        kubelet.StuckOnDelete[$"{ns.Name}-sticky"] = true;
        using var runnerStop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var report = await new DaemonsetCheck(_client, Options(ns.Name, TimeSpan.FromSeconds(20)), NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromMinutes(2)), runnerStop.Token);

        Assert.False(report.OK);
        var error = Assert.Single(report.Errors);
        Assert.Contains("waiting for daemonset pods removal. Node(s) failing to remove daemonset pod: " + $"{ns.Name}-sticky", error, StringComparison.Ordinal);
        kubelet.StuckOnDelete.Clear(); // let the namespace go
    }
}
