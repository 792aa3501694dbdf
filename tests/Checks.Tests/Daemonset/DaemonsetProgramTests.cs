using System.Diagnostics;
using System.Text.Json;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.Checks.Tests.Daemonset;

/// <summary>
/// The daemonset program as a process, with only the RBAC of upstream's standalone khcheck YAML
/// (a Role on daemonsets and pods, so nodes cannot be listed): the status fallback must carry it.
/// Its nodes are a node simulator of the test's own (<see cref="DaemonsetNodes"/>).
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DaemonsetProgramTests(ControlPlaneFixture fixture)
{
    private const string UpstreamRole = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: ds-admin
        rules:
          - apiGroups: ["", "extensions", "apps"]
            resources: ["daemonsets", "pods"]
            verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: daemonset-khcheck
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: ds-admin
        subjects:
          - apiGroup: rbac.authorization.k8s.io
            kind: User
            name: nobody
        """;

    [Fact]
    public async Task Program_UpstreamRoleOnly_PassesFromTheDaemonSetStatus()
    {
        var client = fixture.Client;
        await using var ns = await fixture.CreateNamespaceAsync("ds-proc", waitForServiceAccount: true);
        await new ManifestApplier(client).ApplyYamlAsync(UpstreamRole, ns.Name);
        await using var nodes = await SimulatorProcess.StartAsync(fixture, DaemonsetNodes.Settings(ns.Name, "n", count: 2));
        await using var controller = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(request.Method == "POST" ? 200 : 400));

        var result = await CheckProgram.RunAsync(
            "Daemonset",
            controller.Url("/externalCheckStatus"),
            DateTimeOffset.UtcNow.AddSeconds(70),
            new Dictionary<string, string>
            {
                ["KUBECONFIG"] = fixture.Cluster.NobodyKubeconfig,
                ["POD_NAMESPACE"] = ns.Name,
                ["NODE_SELECTOR"] = $"{DaemonsetNodes.SelectorKey}={ns.Name}",
                ["SHUTDOWN_GRACE_PERIOD"] = "20s",
                ["HOSTNAME"] = "daemonset-check-pod",
            },
            TimeSpan.FromSeconds(90));

        var report = Assert.Single(controller.Requests, r => r.Method == "POST");
        using var body = JsonDocument.Parse(report.Body);
        Assert.True(body.RootElement.GetProperty("OK").GetBoolean(), report.Body + "\n" + result.StandardOutput + result.StandardError);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Cannot list nodes (forbidden)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty((await client.AppsV1.ListNamespacedDaemonSetAsync(ns.Name)).Items);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns.Name)).Items);
        // Both nodes got a pod (the DaemonSet is named after HOSTNAME).
        await DaemonsetNodes.WaitAssignedAsync(client, ns.Name, "daemonset-daemonset-check-pod-", nodes.Nodes);
    }

    [Fact]
    public async Task Program_Sigterm_RemovesTheDaemonSetThenReportsTheStop()
    {
        var client = fixture.Client;
        await using var ns = await fixture.CreateNamespaceAsync("ds-term", waitForServiceAccount: true);
        // The node cannot pull the pause image, so the check keeps waiting for its pod.
        await using var nodes = await SimulatorProcess.StartAsync(fixture, DaemonsetNodes.Settings(ns.Name, "broken", canPullTestImage: false));
        await using var controller = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(request.Method == "POST" ? 200 : 400));
        using var process = CheckProgram.Start("Daemonset", controller.Url("/externalCheckStatus"), DateTimeOffset.UtcNow.AddMinutes(5), new Dictionary<string, string>
        {
            ["KUBECONFIG"] = fixture.Cluster.AdminKubeconfig,
            ["POD_NAMESPACE"] = ns.Name,
            ["NODE_SELECTOR"] = $"{DaemonsetNodes.SelectorKey}={ns.Name}",
            ["PAUSE_CONTAINER_IMAGE"] = DaemonsetNodes.TestImage,
        });
        try
        {
            await Eventually.TrueAsync(async () => (await client.AppsV1.ListNamespacedDaemonSetAsync(ns.Name)).Items.Count > 0, TimeSpan.FromSeconds(30), "the check's DaemonSet");
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await process.WaitForExitAsync(exit.Token);

            Assert.Equal(1, process.ExitCode);
            using var body = JsonDocument.Parse(Assert.Single(controller.Requests, r => r.Method == "POST").Body);
            Assert.Equal("check stopped: received a termination signal", body.RootElement.GetProperty("Errors")[0].GetString());
            Assert.Empty((await client.AppsV1.ListNamespacedDaemonSetAsync(ns.Name)).Items);
            Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns.Name)).Items);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
