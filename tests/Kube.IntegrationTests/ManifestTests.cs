using System.Text.Json.Nodes;
using HealthChecks.Kube.Manifests;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

[Collection(ControlPlaneGroup.Name)]
public sealed class ManifestTests(ControlPlaneFixture fixture)
{
    private static readonly string[] UpstreamCrds =
    [
        "deploy__helm__kuberhealthy__crds__comcast.github.io_khchecks.yaml",
        "deploy__helm__kuberhealthy__crds__comcast.github.io_khjobs.yaml",
        "deploy__helm__kuberhealthy__crds__comcast.github.io_khstates.yaml",
    ];

    [Fact]
    public async Task KuberhealthyV2CrdsAndExampleChecks_ApplyThroughOurClient()
    {
        var client = fixture.Client;
        var applier = new ManifestApplier(client);
        foreach (var file in UpstreamCrds)
        {
            await applier.ApplyYamlAsync(await File.ReadAllTextAsync(RepositoryPaths.Reference(Path.Combine("v2-master", file))));
        }

        await RepoCrds.WaitEstablishedAsync(client, ["khchecks", "khjobs", "khstates"]);
        var upstreamUid = (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("khchecks.comcast.github.io")).Metadata.Uid;

        // The examples name the namespace "kuberhealthy"; they must apply exactly as written.
        if (await client.CoreV1.ReadNamespaceAsync("kuberhealthy").OrNullIfNotFound() is null)
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "kuberhealthy" } });
        }

        try
        {
            var examples = Directory.GetFiles(RepositoryPaths.Reference("v2-master"), "cmd__*.yaml");
            Assert.Equal(4, examples.Length);
            var applied = new List<JsonObject>();
            foreach (var example in examples)
            {
                applied.AddRange(await applier.ApplyYamlAsync(await File.ReadAllTextAsync(example)));
            }

            Assert.Equal(4, applied.Count(o => (string?)o["kind"] == "KuberhealthyCheck"));

            var khchecks = new ResourceClient<CustomObject>(client, RepoCrds.KhChecks);
            var daemonset = await khchecks.GetAsync("kuberhealthy", "daemonset");
            Assert.Equal("15m", (string?)daemonset!.Spec!["runInterval"]);
            Assert.Equal("kuberhealthy/daemonset-check:v3.3.1", (string?)daemonset.Spec["podSpec"]!["containers"]![0]!["image"]);

            // Applying again replaces in place (same uid, new resourceVersion).
            var again = await applier.ApplyYamlAsync(await File.ReadAllTextAsync(examples.Single(e => e.Contains("daemonset", StringComparison.Ordinal))));
            var check = again.Single(o => (string?)o["kind"] == "KuberhealthyCheck");
            Assert.Equal(daemonset.Metadata.Uid, (string?)check["metadata"]!["uid"]);

            // A khstate with empty strings and false values is accepted (the patched validator).
            var khstates = new ResourceClient<CustomObject>(client, RepoCrds.KhStates);
            var stored = await khstates.CreateAsync(new CustomObject
            {
                Metadata = new V1ObjectMeta { Name = "daemonset", NamespaceProperty = "kuberhealthy" },
                Spec = new JsonObject { ["OK"] = false, ["Errors"] = new JsonArray(), ["Node"] = "", ["RunDuration"] = "", ["AuthoritativePod"] = "", ["uuid"] = "", ["Namespace"] = "kuberhealthy" },
            });
            Assert.False((bool?)stored.Spec!["OK"]);
        }
        finally
        {
            await client.CoreV1.DeleteNamespaceAsync("kuberhealthy").ExceptNotFound();

            // Leave the cluster with our own CRDs (a superset of these), as other suites expect.
            await RepoCrds.ApplyAsync(client);
        }

        // That re-apply replaced each CRD in place.
        Assert.Equal(upstreamUid, (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("khchecks.comcast.github.io")).Metadata.Uid);
    }

    [Fact]
    public async Task BuiltInKindsOurCrdAndACustomResource_ApplyAndReapplyReplaces()
    {
        var client = fixture.Client;
        await RepoCrds.ApplyAsync(client);
        await using var ns = await fixture.CreateNamespaceAsync("manifest");
        var applier = new ManifestApplier(client);
        const string builtIns = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, labels: {app: web}}
            data: {replicas: "3", debug: "false"}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: http}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 0
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    ports: [{name: http, containerPort: 8080}]
                    resources: {limits: {cpu: 1, memory: 64Mi}}
            """;

        var applied = await applier.ApplyYamlAsync(builtIns, ns.Name);

        Assert.Equal(["ConfigMap", "Service", "Deployment"], applied.Select(o => (string?)o["kind"]));
        var service = await client.CoreV1.ReadNamespacedServiceAsync("web", ns.Name);
        Assert.Equal("http", service.Spec.Ports[0].TargetPort.Value);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns.Name);
        Assert.Equal("1", deployment.Spec.Template.Spec.Containers[0].Resources.Limits["cpu"].ToString());

        // A khcheck whose podSpec has `cpu: 1` as a number, as Kuberhealthy's examples do.
        var khcheck = $$"""
            apiVersion: comcast.github.io/v1
            kind: KuberhealthyCheck
            metadata:
              name: dns
              namespace: {{ns.Name}}
            spec:
              runInterval: 2m
              timeout: 1m
              podSpec:
                containers:
                - name: check
                  image: kuberhealthy/dns-resolution-check:v1.5.0
                  resources:
                    requests: {cpu: 1, memory: 20Mi}
            """;
        var created = Assert.Single(await applier.ApplyYamlAsync(khcheck));
        var khchecks = new ResourceClient<CustomObject>(client, RepoCrds.KhChecks);
        var stored = await khchecks.GetAsync(ns.Name, "dns");
        var podSpec = KubernetesJson.Deserialize<V1PodSpec>(stored!.Spec!["podSpec"]!.ToJsonString());
        Assert.Equal("1", podSpec.Containers[0].Resources.Requests["cpu"].ToString());

        var replaced = Assert.Single(await applier.ApplyYamlAsync(khcheck.Replace("runInterval: 2m", "runInterval: 5m", StringComparison.Ordinal)));
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)replaced["metadata"]!["uid"]);
        Assert.NotEqual((string?)created["metadata"]!["resourceVersion"], (string?)replaced["metadata"]!["resourceVersion"]);
        Assert.Equal("5m", (string?)(await khchecks.GetAsync(ns.Name, "dns"))!.Spec!["runInterval"]);

        // Re-applying replaces with a PUT of the manifest (no three-way merge), so a Service, whose
        // clusterIP the server assigned, cannot be re-applied (422 on 1.20; so before the port too).
        var withoutService = string.Join("---\n", builtIns.Split("---\n").Where(d => !d.Contains("kind: Service", StringComparison.Ordinal)));
        var reapplied = await applier.ApplyYamlAsync(withoutService.Replace("replicas: \"3\"", "replicas: \"4\"", StringComparison.Ordinal), ns.Name);
        Assert.Equal((string?)applied[0]["metadata"]!["uid"], (string?)reapplied[0]["metadata"]!["uid"]);
        Assert.Equal((string?)applied[2]["metadata"]!["uid"], (string?)reapplied[1]["metadata"]!["uid"]);
        Assert.Equal("4", (await client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns.Name)).Data["replicas"]);
    }
}
