using System.Net;
using System.Text;
using System.Text.Json;
using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>
/// Migrating from Kuberhealthy: the chart installed over Kuberhealthy v2.7.1's own CRDs (Helm
/// leaves existing CRDs alone), whose schemas make the API server prune HealthChecks' khstate
/// fields. The controller refuses to run checks and says why everywhere an operator looks; the
/// documented upgrade (<see cref="CrdSchemaProblem.Fix"/>, with kubectl) lets the same process
/// run checks to OK, without a restart. CRDs are cluster-wide: the test restores ours in any case,
/// and runs in the collection whose tests run one at a time.
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class CrdUpgradeTests(ControllerFixture fixture)
{
    private const string Controller = "upgrading-controller";

    private readonly Kubernetes _client = fixture.ControlPlane.Client;

    [Fact]
    public async Task OverKuberhealthysCrds_RefusesAndSaysWhy_DocumentedUpgradeThenChecksOk_WithoutRestart()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("crd-upgrade", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        try
        {
            await ApplyCrdsAsync(Upstream(), fit: false);
            await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "migrated"));
            await using var controller = StartProcess(ns.Name);
            using var http = new HttpClient { BaseAddress = new Uri(await controller.UrlAsync()), Timeout = TimeSpan.FromSeconds(30) };

            // Refused, with the reason and the fix: the Event on its Pod, the log, /healthz (still
            // 200: a restart cannot fix CRDs), the status document and the HTML page.
            var refused = await Eventually.GetAsync(
                async () => (await _client.CoreV1.ListNamespacedEventAsync(ns.Name)).Items.FirstOrDefault(e => e.Reason == CrdSchemaWatch.RefusedReason),
                TimeSpan.FromSeconds(30), $"the {CrdSchemaWatch.RefusedReason} event\n{controller.Output}");
            Assert.Equal(("Warning", "Pod", Controller), (refused.Type, refused.InvolvedObject.Kind, refused.InvolvedObject.Name));
            Assert.StartsWith("HealthChecks refuses to run checks: the khstates CRD served by the API server lacks HealthChecks' fields (ResultUUID, RunStarted,", refused.Message, StringComparison.Ordinal);
            Assert.Contains("the khchecks CRD served by the API server lacks HealthChecks' fields (failureThreshold, paused)", refused.Message, StringComparison.Ordinal);
            Assert.Contains(CrdSchemaProblem.Fix, refused.Message, StringComparison.Ordinal);
            Assert.Contains(refused.Message, controller.Output, StringComparison.Ordinal);

            using (var healthz = await http.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
                Assert.Equal("ok, alive, but " + refused.Message, await healthz.Content.ReadAsStringAsync());
            }

            using (var status = JsonDocument.Parse(await http.GetStringAsync("/")))
            {
                Assert.False(status.RootElement.GetProperty("OK").GetBoolean());
                Assert.Equal(refused.Message, status.RootElement.GetProperty("Errors")[0].GetString());
            }

            Assert.Contains("<p id=\"controller-problem\" role=\"alert\" class=\"alert\">HealthChecks refuses to run checks", await http.GetStringAsync("/ui"), StringComparison.Ordinal);

            // No run began: a result written now would lose its run id.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Empty((await _client.CoreV1.ListNamespacedPodAsync(ns.Name)).Items);
            Assert.Null(await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "migrated"));

            // The documented upgrade, word for word, from the repository's root.
            var command = CrdSchemaProblem.Fix.Split(' ');
            var upgraded = await ProcessRunner.RunAsync(
                command[0],
                [.. command[1..^1], Path.Combine(RepositoryPaths.Root, command[^1])],
                TimeSpan.FromSeconds(60),
                new Dictionary<string, string> { ["KUBECONFIG"] = fixture.ControlPlane.Cluster.AdminKubeconfig });
            upgraded.EnsureSuccess(CrdSchemaProblem.Fix);

            // The same process runs the check, and the result keeps its run id.
            var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "migrated", seconds: 45);
            await TestKubelet.RunningAsync(_client, pod);
            var runId = TestKubelet.RunId(pod);
            Assert.Equal(HttpStatusCode.OK, (await ReportAsync(http, runId)).StatusCode);
            var state = await Eventually.GetAsync(
                async () => await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "migrated") is { Spec.ResultUuid: var uuid } s && uuid == runId ? s : null,
                TimeSpan.FromSeconds(20), $"the OK result of {runId}\n{controller.Output}");
            Assert.True(state.Spec.OK);
            Assert.Equal(runId, state.Spec.Uuid);

            Assert.Equal("ok", await http.GetStringAsync("/healthz"));
            using (var status = JsonDocument.Parse(await http.GetStringAsync("/")))
            {
                Assert.True(status.RootElement.GetProperty("OK").GetBoolean(), status.RootElement.ToString());
            }

            await Eventually.TrueAsync(
                async () => (await _client.CoreV1.ListNamespacedEventAsync(ns.Name)).Items.Any(e => e.Reason == CrdSchemaWatch.ResumedReason && e.InvolvedObject.Name == Controller),
                TimeSpan.FromSeconds(10), $"the {CrdSchemaWatch.ResumedReason} event");
            Assert.False(controller.Process.HasExited);
        }
        finally
        {
            await ApplyCrdsAsync(Ours(), fit: true);
        }
    }

    private static string[] Ours() => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "crds"), "*.yaml");

    /// <summary>Kuberhealthy v2.7.1's CRDs (the files of tests/reference are byte-identical to that tag's).</summary>
    private static IEnumerable<string> Upstream() =>
        new[] { "khchecks", "khjobs", "khstates" }.Select(p => RepositoryPaths.Reference($"v2-master/deploy__helm__kuberhealthy__crds__comcast.github.io_{p}.yaml"));

    /// <summary>Replaces the CRDs with these files' and waits until the served ones are (or are not) fit.</summary>
    private async Task ApplyCrdsAsync(IEnumerable<string> files, bool fit)
    {
        var applier = new ManifestApplier(_client);
        foreach (var file in files)
        {
            await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file));
        }

        await Eventually.TrueAsync(
            async () => (CrdSchemaCheck.Find(await ReadCrdAsync(CrdSchemaCheck.StatesCrd), await ReadCrdAsync(CrdSchemaCheck.ChecksCrd)) is null) == fit,
            TimeSpan.FromSeconds(30), fit ? "our CRDs back" : "Kuberhealthy's CRDs in place");
        if (fit)
        {
            await Eventually.TrueAsync(async () => await Hosting.CrdCheck.FindProblemAsync(_client, CancellationToken.None) is null, TimeSpan.FromSeconds(30), "the CRDs to be served");
        }
    }

    private async Task<V1CustomResourceDefinition?> ReadCrdAsync(string name) =>
        await _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name).OrNullIfNotFound();

    private static async Task<HttpResponseMessage> ReportAsync(HttpClient http, string runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/externalCheckStatus") { Content = new StringContent("""{"OK":true,"Errors":[]}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("kh-run-uuid", runId);
        return await http.SendAsync(request);
    }

    private ControllerProcess StartProcess(string @namespace)
    {
        var config = Path.Combine(Path.GetTempPath(), $"hc-{Controller}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, "listenAddress: 127.0.0.1:0\n");
        return ControllerProcess.Start(
            new Dictionary<string, string>
            {
                ["KUBECONFIG"] = fixture.ControlPlane.Cluster.AdminKubeconfig,
                ["POD_NAME"] = Controller,
                ["POD_NAMESPACE"] = @namespace,
                ["TARGET_NAMESPACE"] = @namespace,
                ["KH_EXTERNAL_REPORTING_URL"] = "http://127.0.0.1:1/externalCheckStatus",
            },
            "--config",
            config);
    }
}
