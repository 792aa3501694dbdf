using System.Diagnostics;
using HealthChecks.Kube;
using HealthChecks.TestKit;

namespace HealthChecks.LocalCluster.Tests.Integration;

[Collection(SimulatorGroup.Name)]
public sealed class DeletionTests(ControlPlaneFixture fixture)
{
    private readonly SimulatorDriver _sim = new(fixture);

    [Fact]
    public async Task Sigterm_IsDeliveredAndHonoured_ThenTheObjectIsRemoved()
    {
        await using var ns = await fixture.CreateNamespaceAsync("delete", waitForServiceAccount: true);
        var marker = "sleep 7" + Random.Shared.Next(100000, 999999);
        var pod = await _sim.CreateAsync(PodSpecs.Shell(ns.Name, "polite", $"trap 'echo got TERM; exit 0' TERM; {marker} & wait", grace: 30));
        await _sim.WaitForPhaseAsync(pod, "Running");
        await Eventually.TrueAsync(() => Task.FromResult(SimulatorDriver.ProcessesWith(marker).Count > 0), TimeSpan.FromSeconds(10), "the pod's process");

        var clock = Stopwatch.StartNew();
        await fixture.Client.DeleteAsync(KubeResources.Pods, ns.Name, "polite");
        await _sim.WaitGoneAsync(pod, TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}: the 30 s grace period was waited out although the process exited");
        Assert.Contains("got TERM", await _sim.LogAsync(pod), StringComparison.Ordinal);
        Assert.Empty(SimulatorDriver.ProcessesWith(marker));
    }

    [Fact]
    public async Task IgnoredSigterm_GetsSigkillAfterTheGracePeriod()
    {
        await using var ns = await fixture.CreateNamespaceAsync("delete", waitForServiceAccount: true);
        var marker = "sleep 8" + Random.Shared.Next(100000, 999999);
        var pod = await _sim.CreateAsync(PodSpecs.Shell(ns.Name, "stubborn", $"trap '' TERM; {marker} & while true; do wait; done", grace: 2));
        await _sim.WaitForPhaseAsync(pod, "Running");
        await Eventually.TrueAsync(() => Task.FromResult(SimulatorDriver.ProcessesWith(marker).Count > 0), TimeSpan.FromSeconds(10), "the pod's process");

        var clock = Stopwatch.StartNew();
        await fixture.Client.DeleteAsync(KubeResources.Pods, ns.Name, "stubborn");
        await _sim.WaitGoneAsync(pod, TimeSpan.FromSeconds(20));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(15));
        Assert.Empty(SimulatorDriver.ProcessesWith(marker));
    }

    [Fact]
    public async Task PendingPod_IsRemovedToo()
    {
        await using var ns = await fixture.CreateNamespaceAsync("delete", waitForServiceAccount: true);
        var pod = await _sim.CreateAsync(PodSpecs.Image(ns.Name, "never-pulled", "registry.example/unknown:2"));
        await _sim.WaitAsync(pod, p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ErrImagePull", "ErrImagePull");
        await fixture.Client.DeleteAsync(KubeResources.Pods, ns.Name, "never-pulled");
        await _sim.WaitGoneAsync(pod, TimeSpan.FromSeconds(15));
    }
}
