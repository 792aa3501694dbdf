using System.Text.Json;
using HealthChecks.Checks.Tests.Cluster;
using HealthChecks.Kube;
using HealthChecks.Kube.Manifests;
using HealthChecks.Kube.Models;
using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests.Daemonset;

/// <summary>
/// The daemonset program as a process, with only the RBAC of upstream's standalone khcheck YAML
/// (a Role on daemonsets and pods, so nodes cannot be listed): the status fallback must carry it.
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
        await using var kubelet = await FakeKubelet.StartAsync(client, ns.Name, new Dictionary<string, (Dictionary<string, string>, List<V1Taint>)>
        {
            [$"{ns.Name}-a"] = (new() { ["hc-test"] = ns.Name }, []),
            [$"{ns.Name}-b"] = (new() { ["hc-test"] = ns.Name }, []),
        });
        await using var controller = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(request.Method == "POST" ? 200 : 400));

        var result = await CheckProgram.RunAsync(
            "Daemonset",
            controller.Url("/externalCheckStatus"),
            DateTimeOffset.UtcNow.AddSeconds(70),
            new Dictionary<string, string>
            {
                ["KUBECONFIG"] = fixture.Cluster.NobodyKubeconfig,
                ["POD_NAMESPACE"] = ns.Name,
                ["NODE_SELECTOR"] = $"hc-test={ns.Name}",
                ["SHUTDOWN_GRACE_PERIOD"] = "20s",
                ["HOSTNAME"] = "daemonset-check-pod",
            },
            TimeSpan.FromSeconds(90));

        var report = Assert.Single(controller.Requests, r => r.Method == "POST");
        using var body = JsonDocument.Parse(report.Body);
        Assert.True(body.RootElement.GetProperty("OK").GetBoolean(), report.Body + "\n" + result.StandardOutput + result.StandardError);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Cannot list nodes (forbidden)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, kubelet.SeenPods.Values.Distinct().Count());
        Assert.Empty((await client.ListAsync(KubeResources.DaemonSets, ns.Name)).Items);
    }
}
