using k8s;
using HealthChecks.Kube;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>The shared control plane with the CRDs of <c>crds/</c> applied.</summary>
public sealed class ControllerFixture : IAsyncLifetime
{
    public ControlPlaneFixture ControlPlane { get; } = new();

    public async Task InitializeAsync()
    {
        await ControlPlane.InitializeAsync();
        var applier = new ManifestApplier(ControlPlane.Client);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "crds"), "*.yaml"))
        {
            await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file));
        }

        // A CRD is served a moment after it is created.
        await Eventually.TrueAsync(async () => await Hosting.CrdCheck.FindProblemAsync(ControlPlane.Client, CancellationToken.None) is null,
            TimeSpan.FromSeconds(30), "the CRDs to be served");
    }

    public async Task DisposeAsync()
    {
        // The test node would otherwise stay in the shared cluster, NotReady, and later suites
        // (a DaemonSet that tolerates every taint) would count it as a node lacking a pod.
        await ControlPlane.Client.CoreV1.DeleteNodeAsync(TestKubelet.NodeName).ExceptNotFound();
        await ControlPlane.DisposeAsync();
    }
}
