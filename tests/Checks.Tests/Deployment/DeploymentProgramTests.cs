using System.Text.Json;
using HealthChecks.Kube;
using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.Checks.Tests.Deployment;

/// <summary>
/// The deployment program as a process (under scripts/test.sh, the image's NativeAOT build on
/// KubernetesClient.Aot): create, request through the Service, roll to the next image (a
/// GET-modify-PUT of the Deployment), request again, then delete both, on the real API server
/// with the shared cluster's simulated nodes running the pods.
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DeploymentProgramTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Program_RollingUpdate_PassesAndRemovesWhatItMade()
    {
        var client = fixture.Client;
        await using var ns = await fixture.CreateNamespaceAsync("dep-proc", waitForServiceAccount: true);
        await using var controller = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(request.Method == "POST" ? 200 : 400));

        var result = await CheckProgram.RunAsync(
            "Deployment",
            controller.Url("/externalCheckStatus"),
            DateTimeOffset.UtcNow.AddSeconds(100),
            new Dictionary<string, string>
            {
                ["KUBECONFIG"] = fixture.Cluster.AdminKubeconfig,
                ["POD_NAMESPACE"] = ns.Name,
                ["CHECK_DEPLOYMENT_ROLLING_UPDATE"] = "true",
                ["SHUTDOWN_GRACE_PERIOD"] = "20s",
            },
            TimeSpan.FromSeconds(120));

        var reports = controller.Requests.Where(r => r.Method == "POST").ToList();
        Assert.True(reports.Count == 1, $"{reports.Count} reports\n{result.StandardOutput}{result.StandardError}");
        var report = reports[0];
        using var body = JsonDocument.Parse(report.Body);
        Assert.True(body.RootElement.GetProperty("OK").GetBoolean(), report.Body + "\n" + result.StandardOutput + result.StandardError);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(await client.AppsV1.ReadNamespacedDeploymentAsync("deployment-deployment", ns.Name).OrNullIfNotFound());
        Assert.Null(await client.CoreV1.ReadNamespacedServiceAsync("deployment-svc", ns.Name).OrNullIfNotFound());
    }
}
