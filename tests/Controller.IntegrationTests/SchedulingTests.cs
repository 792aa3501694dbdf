using k8s;
using k8s.Models;
using System.Net;
using System.Text.Json.Nodes;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>Scheduling, thresholds, pausing, khjobs and deletion on the real API server.</summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class SchedulingTests(ControllerFixture fixture)
{
    private readonly Kubernetes _client = fixture.ControlPlane.Client;

    [Fact]
    public async Task FailureThreshold_CheckCountsAsDownOnlyAfterEnoughFailuresInARow()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("threshold", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        var check = TestKubelet.Check(ns.Name, "flaky", interval: "3s", timeout: "1m");
        check.Spec.FailureThreshold = 2;
        await new KuberhealthyApi(_client).Checks.CreateAsync(check);

        var seen = new HashSet<string>();
        var first = await FailOnceAsync(controller, ns.Name, seen);
        Assert.True(first.Spec.OK); // tolerated
        Assert.Empty(first.Spec.Errors);
        Assert.Equal(1, first.Spec.ConsecutiveFailures);
        Assert.Equal(FailureReason.CheckFailed, first.Spec.Reason);

        var second = await FailOnceAsync(controller, ns.Name, seen);
        Assert.False(second.Spec.OK);
        Assert.Equal(["broken"], second.Spec.Errors);
        Assert.Equal(2, second.Spec.ConsecutiveFailures);

        // Start to start: the second run began about one interval after the first.
        var gap = second.Spec.RunStarted!.Value - first.Spec.RunStarted!.Value;
        Assert.InRange(gap.TotalSeconds, 1.5, 8); // fixed rate from the first fire, which may itself be up to the idle wait late
    }

    [Fact]
    public async Task Paused_IsNotRunUntilResumed()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("paused", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        var check = TestKubelet.Check(ns.Name, "sleepy");
        check.Spec.Paused = true;
        await new KuberhealthyApi(_client).Checks.CreateAsync(check);

        var loop = controller.Get<ControlLoop>();
        await Eventually.TrueAsync(() => Task.FromResult(loop.Passes > 1), TimeSpan.FromSeconds(10), "the leader's loop to work");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty((await _client.CoreV1.ListNamespacedPodAsync(ns.Name)).Items);

        await new KuberhealthyApi(_client).Checks.PatchAsync(ns.Name, "sleepy", Patches.Merge(new JsonObject { ["spec"] = new JsonObject { ["paused"] = false } }));
        await TestKubelet.NextPodAsync(_client, ns.Name, "sleepy");
    }

    [Fact]
    public async Task EditingOneCheck_StartsNoRunAndLeavesTheOtherChecksRunAlone()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("edit", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "alpha"));
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "beta"));
        var alphaPod = await TestKubelet.NextPodAsync(_client, ns.Name, "alpha");
        var betaPod = await TestKubelet.NextPodAsync(_client, ns.Name, "beta");
        var passes = controller.Get<ControlLoop>().Passes;

        // A pod-spec edit is read by the next run; an interval edit moves the next run. Neither
        // starts a run now, of alpha or of beta, nor touches beta's run in flight.
        await new KuberhealthyApi(_client).Checks.PatchAsync(ns.Name, "alpha", Patches.Merge(JsonNode.Parse("""{"spec":{"podSpec":{"containers":[{"name":"main","image":"example.test/checker:2"}]}}}""")!));
        await new KuberhealthyApi(_client).Checks.PatchAsync(ns.Name, "alpha", Patches.Merge(new JsonObject { ["spec"] = new JsonObject { ["runInterval"] = "2h" } }));
        await Eventually.TrueAsync(() => Task.FromResult(controller.Get<ControlLoop>().Passes >= passes + 2), TimeSpan.FromSeconds(10), "the leader to look at the edits");
        await Task.Delay(TimeSpan.FromSeconds(2));

        foreach (var (check, pod) in new[] { ("alpha", alphaPod), ("beta", betaPod) })
        {
            var state = await new KuberhealthyApi(_client).States.GetAsync(ns.Name, check);
            Assert.Equal(TestKubelet.RunId(pod), state!.Spec.Uuid);
            Assert.Single((await _client.CoreV1.ListNamespacedPodAsync(ns.Name, labelSelector: $"{CheckLabels.CheckName}={check}")).Items);
        }
    }

    [Fact]
    public async Task KhJob_RunsOnceAndEndsCompleted()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("job", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Jobs.CreateAsync(new KuberhealthyJob
        {
            ApiVersion = KhResources.ApiVersion,
            Kind = "KuberhealthyJob",
            Metadata = new() { Name = "once", NamespaceProperty = ns.Name },
            Spec = new KhJobSpec { Timeout = "1m", PodSpec = TestKubelet.PodSpec() },
        });

        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "once");
        Assert.Equal("KuberhealthyJob", Assert.Single(pod.Metadata.OwnerReferences!).Kind);
        Assert.Equal(KhJobPhase.Running, (await new KuberhealthyApi(_client).Jobs.GetAsync(ns.Name, "once"))!.Spec.Phase);
        Assert.Equal(HttpStatusCode.OK, (await controller.ReportAsync(TestKubelet.RunId(pod), """{"OK":true,"Errors":[]}""")).StatusCode);

        await Eventually.TrueAsync(async () => (await new KuberhealthyApi(_client).Jobs.GetAsync(ns.Name, "once"))!.Spec.Phase == KhJobPhase.Completed,
            TimeSpan.FromSeconds(15), "the khjob to complete");
        var state = await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "once");
        Assert.True(state!.Spec.OK);
        Assert.Equal("KHJob", state.Spec.Workload);
        var status = JsonNode.Parse(await controller.Http.GetStringAsync("/"))!;
        Assert.NotNull(status["JobDetails"]![$"{ns.Name}/once"]);

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single((await _client.CoreV1.ListNamespacedPodAsync(ns.Name)).Items); // run once, not again
    }

    [Fact]
    public async Task DeletingACheck_RemovesItsPodsAndItsState()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("delete", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "doomed"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "doomed");
        Assert.NotNull(await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "doomed"));

        await new KuberhealthyApi(_client).Checks.DeleteAsync(ns.Name, "doomed");

        // The garbage collector follows the ownerReference; the reaper removes the orphaned khstate.
        await Eventually.TrueAsync(async () => await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "doomed") is null,
            TimeSpan.FromSeconds(20), "the khstate to be reaped");
        await Eventually.TrueAsync(async () => (await _client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name!, ns.Name).OrNullIfNotFound()) is not { Metadata.DeletionTimestamp: null },
            TimeSpan.FromSeconds(60), "the garbage collector to delete the checker pod");
    }

    private async Task<KuberhealthyState> FailOnceAsync(RunningController controller, string @namespace, HashSet<string> seen)
    {
        var pod = await TestKubelet.NextPodAsync(_client, @namespace, "flaky", seen);
        var runId = TestKubelet.RunId(pod);
        seen.Add(runId);
        Assert.Equal(HttpStatusCode.OK, (await controller.ReportAsync(runId, """{"OK":false,"Errors":["broken"]}""")).StatusCode);
        return (await new KuberhealthyApi(_client).States.GetAsync(@namespace, "flaky"))!;
    }
}
