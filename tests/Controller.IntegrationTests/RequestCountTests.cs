using k8s;
using k8s.Models;
using System.Net;
using System.Text.Json.Nodes;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using HealthChecks.TestKit;
using Xunit.Abstractions;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>
/// What one successful run costs the API server, counted from the API server's audit log: the
/// requests this process sent (the controller runs in it) for pods, Events and our kinds, not the
/// controller-manager's or the simulator's. The test stays out of the count: it reads pods and
/// khstates from the controller's caches and writes pod status through the <c>status</c>
/// subresource, which the log leaves out and the controller never uses.
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class RequestCountTests(ControllerFixture fixture, ITestOutputHelper output)
{
    private const int MeasuredRuns = 5;
    private readonly Kubernetes _client = fixture.ControlPlane.Client;

    [Fact]
    public async Task A_successful_run_costs_at_most_six_API_requests()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("requests");
        await TestKubelet.EnsureNodeAsync(_client);
        // The reaper's deletions of old pods are not part of a run (counted apart in docs/benchmarks.md).
        await using var controller = await RunningController.StartAsync(_client, ns.Name, o => o with { ReaperInterval = TimeSpan.FromHours(1) });
        var caches = controller.Get<ControllerCaches>();
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "counted", interval: "10s", timeout: "9s"));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        await RunOnceAsync(controller, caches, ns.Name, seen); // the first run also creates the khstate
        var from = DateTimeOffset.UtcNow;
        for (var i = 0; i < MeasuredRuns; i++)
        {
            await RunOnceAsync(controller, caches, ns.Name, seen);
        }

        var to = DateTimeOffset.UtcNow;
        var sent = (await ApiServerAudit.ReadAfterAsync(fixture.ControlPlane.Cluster, from, to)).Where(r => r.UserAgent == KubeClients.UserAgent).ToList();
        var summary = ApiServerAudit.Summary(sent);
        output.WriteLine($"in {MeasuredRuns} runs:\n  {summary}");

        var perRun = sent.Count / (double)MeasuredRuns;
        output.WriteLine($"per successful run: {perRun:0.##} requests");
        Assert.True(perRun <= 6, $"{perRun:0.##} requests per run:\n  {summary}");
    }

    /// <summary>One run played as a checker and kubelet would, observed through the controller's caches only.</summary>
    private async Task RunOnceAsync(RunningController controller, ControllerCaches caches, string @namespace, HashSet<string> seen)
    {
        var pod = await Eventually.GetAsync(
            () => Task.FromResult(caches.States.Get(@namespace, "counted")?.Spec.Uuid is { Length: > 0 } current && !seen.Contains(current)
                ? caches.Pods.Snapshot().FirstOrDefault(p => p.Metadata.NamespaceProperty == @namespace && TestKubelet.RunId(p) == current)
                : null),
            TimeSpan.FromSeconds(30),
            "the checker pod of the next run");
        var runId = TestKubelet.RunId(pod);
        seen.Add(runId);
        await PatchStatusAsync(@namespace, pod.Metadata.Name!, "Running");
        Assert.Equal(HttpStatusCode.OK, (await controller.ReportAsync(runId, """{"OK":true,"Errors":[]}""")).StatusCode);
        await PatchStatusAsync(@namespace, pod.Metadata.Name!, "Succeeded");
        await Eventually.TrueAsync(
            () => Task.FromResult(caches.States.Get(@namespace, "counted")?.Spec.ResultUuid == runId),
            TimeSpan.FromSeconds(30),
            "the result in the khstate");
    }

    private Task<V1Pod> PatchStatusAsync(string @namespace, string pod, string phase) =>
        _client.CoreV1.PatchNamespacedPodStatusAsync(Patches.Merge(new JsonObject { ["status"] = new JsonObject { ["phase"] = phase, ["podIP"] = "10.244.9.9" } }), pod, @namespace);
}
