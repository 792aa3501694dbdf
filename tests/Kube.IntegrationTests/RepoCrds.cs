using HealthChecks.Kube.Manifests;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.Kube.IntegrationTests;

/// <summary>The CRDs under <c>crds/</c>, applied to the shared cluster and waited for.</summary>
internal static class RepoCrds
{
    public static readonly ResourceKind KhChecks = new("comcast.github.io", "v1", "khchecks", "KuberhealthyCheck", Namespaced: true);

    public static readonly ResourceKind KhStates = new("comcast.github.io", "v1", "khstates", "KuberhealthyState", Namespaced: true);

    /// <summary>Applies every file of <c>crds/</c> (create, or replace) and waits until each is Established.</summary>
    public static async Task ApplyAsync(Kubernetes client)
    {
        var applier = new ManifestApplier(client);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "crds"), "*.yaml").Order(StringComparer.Ordinal))
        {
            await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file));
        }

        await WaitEstablishedAsync(client, ["khchecks", "khjobs", "khstates"]);
    }

    public static async Task WaitEstablishedAsync(Kubernetes client, IEnumerable<string> plurals)
    {
        foreach (var plural in plurals)
        {
            await Eventually.TrueAsync(
                async () => (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{plural}.comcast.github.io")).Status?.Conditions?
                    .Any(c => c.Type == "Established" && c.Status == "True") == true,
                TimeSpan.FromSeconds(30),
                $"CRD {plural} to be established");
        }
    }
}
