using System.Diagnostics;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

[Collection(SimulatorGroup.Name)]
public sealed class DeletionTests(ControlPlaneFixture fixture)
{
    private readonly SimulatorDriver _sim = new(fixture);

    [Fact]
    public async Task Sigterm_IsDeliveredAndHonoured_ThenTheObjectIsRemoved()
    {
        await using var ns = await fixture.CreateNamespaceAsync("delete", waitForServiceAccount: true);
        var (pod, marker) = await StartMarkedAsync(ns.Name, "polite", marker => $"trap 'echo got TERM; exit 0' TERM; echo armed; {marker} & wait", grace: 30);

        var took = await DeleteAndWaitGoneAsync(pod);

        Assert.True(took < TimeSpan.FromSeconds(15), $"took {took}: the 30 s grace period was waited out although the process exited");
        Assert.Contains("got TERM", await _sim.LogAsync(pod), StringComparison.Ordinal);
        Assert.Empty(SimulatorDriver.ProcessesWith(marker));
    }

    [Fact]
    public async Task IgnoredSigterm_GetsSigkillAfterTheGracePeriod()
    {
        await using var ns = await fixture.CreateNamespaceAsync("delete", waitForServiceAccount: true);
        var (pod, marker) = await StartMarkedAsync(ns.Name, "stubborn", marker => $"trap '' TERM; echo armed; {marker} & while true; do wait; done", grace: 2);

        var took = await DeleteAndWaitGoneAsync(pod);

        Assert.InRange(took, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(15));
        Assert.Empty(SimulatorDriver.ProcessesWith(marker));
    }

    [Fact]
    public async Task PendingPod_IsRemovedToo()
    {
        await using var ns = await fixture.CreateNamespaceAsync("delete", waitForServiceAccount: true);
        var pod = await _sim.CreateAsync(PodSpecs.Image(ns.Name, "never-pulled", "registry.example/unknown:2"));
        await _sim.WaitAsync(pod, p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ErrImagePull", "ErrImagePull");
        await fixture.Client.CoreV1.DeleteNamespacedPodAsync("never-pulled", ns.Name);
        await _sim.WaitGoneAsync(pod, TimeSpan.FromSeconds(15));
    }

    // A running pod whose process carries a unique marker on its command line, so the test can look for it on the host.
    private async Task<(V1Pod Pod, string Marker)> StartMarkedAsync(string ns, string name, Func<string, string> script, long grace)
    {
        var marker = "sleep 7" + Random.Shared.Next(100000, 999999);
        var pod = await _sim.CreateAsync(PodSpecs.Shell(ns, name, script(marker), grace: grace));
        await _sim.WaitForPhaseAsync(pod, "Running");
        await Eventually.TrueAsync(() => Task.FromResult(SimulatorDriver.ProcessesWith(marker).Count > 0), TimeSpan.FromSeconds(10), "the pod's process");
        // The shell's own command line carries the marker too: only its "armed" says the trap is set,
        // or a SIGTERM sent at once ends it before the trap (the stubborn pod then went in 0.1 s).
        await _sim.WaitForLogAsync(pod, "armed");
        return (pod, marker);
    }

    private async Task<TimeSpan> DeleteAndWaitGoneAsync(V1Pod pod)
    {
        var clock = Stopwatch.StartNew();
        await fixture.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty);
        await _sim.WaitGoneAsync(pod, TimeSpan.FromSeconds(20));
        return clock.Elapsed;
    }
}
