using HealthChecks.Kube.Manifests;
using HealthChecks.Kube.Models;
using HealthChecks.TestKit;

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

        foreach (var crd in new[] { "khchecks", "khjobs", "khstates" })
        {
            await Eventually.TrueAsync(
                async () => (await client.GetAsync(KubeResources.CustomResourceDefinitions, null, $"{crd}.comcast.github.io"))?.Status?.Conditions?
                    .Any(c => c.Type == "Established" && c.Status == "True") == true,
                TimeSpan.FromSeconds(30),
                $"CRD {crd} to be established");
        }

        // The examples name the namespace "kuberhealthy"; they must apply exactly as written.
        if (await client.GetAsync(KubeResources.Namespaces, null, "kuberhealthy") is null)
        {
            await client.CreateAsync(KubeResources.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = "kuberhealthy" } });
        }

        var examples = Directory.GetFiles(RepositoryPaths.Reference("v2-master"), "cmd__*.yaml");
        Assert.Equal(4, examples.Length);
        var applied = new List<KubeCustomObject>();
        foreach (var example in examples)
        {
            applied.AddRange(await applier.ApplyYamlAsync(await File.ReadAllTextAsync(example)));
        }

        var checks = applied.Where(o => o.Kind == "KuberhealthyCheck").ToList();
        Assert.Equal(4, checks.Count);

        var khchecks = KubeResources.Custom(new ResourceType("comcast.github.io", "v1", "khchecks", "KuberhealthyCheck", Namespaced: true));
        var daemonset = await client.GetAsync(khchecks, "kuberhealthy", "daemonset");
        Assert.Equal("15m", daemonset!.Spec!["runInterval"]!.GetValue<string>());
        Assert.Equal("kuberhealthy/daemonset-check:v3.3.1", daemonset.Spec["podSpec"]!["containers"]![0]!["image"]!.GetValue<string>());

        // Applying again replaces in place (same uid, new resourceVersion).
        var again = await applier.ApplyYamlAsync(await File.ReadAllTextAsync(examples.Single(e => e.Contains("daemonset", StringComparison.Ordinal))));
        var check = again.Single(o => o.Kind == "KuberhealthyCheck");
        Assert.Equal(daemonset.Metadata.Uid, check.Metadata.Uid);

        // A khstate with empty strings and false values is accepted (the patched validator).
        var khstates = KubeResources.Custom(new ResourceType("comcast.github.io", "v1", "khstates", "KuberhealthyState", Namespaced: true));
        var state = new KubeCustomObject
        {
            Metadata = new V1ObjectMeta { Name = "daemonset", NamespaceProperty = "kuberhealthy" },
            Spec = new System.Text.Json.Nodes.JsonObject { ["OK"] = false, ["Errors"] = new System.Text.Json.Nodes.JsonArray(), ["Node"] = "", ["RunDuration"] = "", ["AuthoritativePod"] = "", ["uuid"] = "", ["Namespace"] = "kuberhealthy" },
        };
        var stored = await client.CreateAsync(khstates, state);
        Assert.False(stored.Spec!["OK"]!.GetValue<bool>());

        await client.DeleteAsync(KubeResources.Namespaces, null, "kuberhealthy");
    }
}
