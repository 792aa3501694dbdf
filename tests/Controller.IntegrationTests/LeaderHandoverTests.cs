using k8s;
using k8s.Models;
using System.Net;
using System.Text;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>Two controller processes, one Lease: the leader is killed mid-run and the other finishes that run.</summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class LeaderHandoverTests(ControllerFixture fixture)
{
    private readonly Kubernetes _client = fixture.ControlPlane.Client;

    [Fact]
    public async Task LeaderKilledMidRun_NewLeaderAdoptsTheRunWithoutStartingAnother()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("handover", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var first = StartProcess(ns.Name, "replica-a");
        await WaitForLeaseHolderAsync(ns.Name, "replica-a");
        await using var second = StartProcess(ns.Name, "replica-b");

        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "relay", interval: "1h", timeout: "2m"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "relay");
        var runId = TestKubelet.RunId(pod);
        await TestKubelet.RunningAsync(_client, pod);

        first.Process.Kill(entireProcessTree: true); // no lease release: the other replica waits for it to expire
        await first.Process.WaitForExitAsync();
        await WaitForLeaseHolderAsync(ns.Name, "replica-b");

        // The report goes to the new leader's replica; the run started by the old leader is still the current one.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, await second.UrlAsync() + "/externalCheckStatus") { Content = new StringContent("""{"OK":true,"Errors":[]}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("kh-run-uuid", runId);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);

        var state = await Eventually.GetAsync(async () =>
        {
            var s = await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "relay");
            return s?.Spec.ResultUuid == runId ? s : null;
        }, TimeSpan.FromSeconds(20), "the adopted run's result");
        Assert.True(state.Spec.OK);
        Assert.Equal("replica-b", state.Spec.AuthoritativePod);

        // Not run twice: the check is not due for an hour, so the new leader started no run of its own.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var pods = await _client.CoreV1.ListNamespacedPodAsync(ns.Name);
        Assert.Equal([pod.Metadata.Name], pods.Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task LeaderGivenSigterm_ExitsCleanlyAndReleasesTheLeaseSoTheOtherTakesOverAtOnce()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("sigterm");
        await using var first = StartProcess(ns.Name, "replica-a");
        await WaitForLeaseHolderAsync(ns.Name, "replica-a");
        await using var second = StartProcess(ns.Name, "replica-b");
        await second.UrlAsync();

        var exitCode = await first.TerminateAsync(TimeSpan.FromSeconds(20));
        var exited = DateTimeOffset.UtcNow;

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{first.Output}");
        Assert.Contains("released the lease", first.Output, StringComparison.Ordinal);
        // Without the release the other replica would wait for the 15 s lease to expire.
        await WaitForLeaseHolderAsync(ns.Name, "replica-b", TimeSpan.FromSeconds(10));
        Assert.True(DateTimeOffset.UtcNow - exited < TimeSpan.FromSeconds(10));
    }

    private async Task WaitForLeaseHolderAsync(string @namespace, string identity, TimeSpan? within = null) =>
        await Eventually.TrueAsync(async () => (await _client.CoordinationV1.ReadNamespacedLeaseAsync("healthchecks-controller", @namespace).OrNullIfNotFound())?.Spec?.HolderIdentity == identity,
            within ?? TimeSpan.FromSeconds(45), $"{identity} to hold the lease");

    private ControllerProcess StartProcess(string @namespace, string identity)
    {
        var config = Path.Combine(Path.GetTempPath(), $"hc-{identity}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, "listenAddress: 127.0.0.1:0\n");
        return ControllerProcess.Start(
            new Dictionary<string, string>
            {
                ["KUBECONFIG"] = fixture.ControlPlane.Cluster.AdminKubeconfig,
                ["POD_NAME"] = identity,
                ["POD_NAMESPACE"] = @namespace,
                ["TARGET_NAMESPACE"] = @namespace,
                ["KH_EXTERNAL_REPORTING_URL"] = "http://127.0.0.1:1/externalCheckStatus",
            },
            "--config",
            config);
    }
}
