using System.Diagnostics;
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
    private readonly KubeApiClient _client = fixture.ControlPlane.Client;

    [Fact]
    public async Task LeaderKilledMidRun_NewLeaderAdoptsTheRunWithoutStartingAnother()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("handover");
        await TestKubelet.EnsureNodeAsync(_client);
        using var first = StartProcess(ns.Name, "replica-a");
        await WaitForLeaseHolderAsync(ns.Name, "replica-a");
        using var second = StartProcess(ns.Name, "replica-b");

        await _client.CreateAsync(KhResources.Checks, TestKubelet.Check(ns.Name, "relay", interval: "1h", timeout: "2m"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "relay");
        var runId = TestKubelet.RunId(pod);
        await TestKubelet.RunningAsync(_client, pod);

        first.Process.Kill(entireProcessTree: true); // no lease release: the other replica waits for it to expire
        await first.Process.WaitForExitAsync();
        await WaitForLeaseHolderAsync(ns.Name, "replica-b");

        // The report goes to the new leader's replica; the run started by the old leader is still the current one.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, second.Url + "/externalCheckStatus") { Content = new StringContent("""{"OK":true,"Errors":[]}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("kh-run-uuid", runId);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);

        var state = await Eventually.GetAsync(async () =>
        {
            var s = await _client.GetAsync(KhResources.States, ns.Name, "relay");
            return s?.Spec.ResultUuid == runId ? s : null;
        }, TimeSpan.FromSeconds(20), "the adopted run's result");
        Assert.True(state.Spec.OK);
        Assert.Equal("replica-b", state.Spec.AuthoritativePod);

        // Not run twice: the check is not due for an hour, so the new leader started no run of its own.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var pods = await _client.ListAsync(KubeResources.Pods, ns.Name);
        Assert.Equal([pod.Metadata.Name], pods.Items.Select(p => p.Metadata.Name));
    }

    private async Task WaitForLeaseHolderAsync(string @namespace, string identity) =>
        await Eventually.TrueAsync(async () => (await _client.GetAsync(KubeResources.Leases, @namespace, "healthchecks-controller"))?.Spec?.HolderIdentity == identity,
            TimeSpan.FromSeconds(45), $"{identity} to hold the lease");

    private ControllerProcess StartProcess(string @namespace, string identity)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "HealthChecks.Controller.dll");
        var config = Path.Combine(Path.GetTempPath(), $"hc-{identity}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, "listenAddress: 127.0.0.1:0\n");
        var start = new ProcessStartInfo("dotnet", [dll, "--config", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECONFIG"] = fixture.ControlPlane.Cluster.AdminKubeconfig;
        start.Environment["POD_NAME"] = identity;
        start.Environment["POD_NAMESPACE"] = @namespace;
        start.Environment["TARGET_NAMESPACE"] = @namespace;
        start.Environment["KH_EXTERNAL_REPORTING_URL"] = "http://127.0.0.1:1/externalCheckStatus";
        return new ControllerProcess(Process.Start(start)!);
    }

    /// <summary>A controller process; its URL is read from its log line.</summary>
    private sealed class ControllerProcess : IDisposable
    {
        private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ControllerProcess(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.Contains("listening on http://", StringComparison.Ordinal))
                {
                    _url.TrySetResult(line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0]);
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Url => _url.Task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }

            Process.Dispose();
        }
    }
}
