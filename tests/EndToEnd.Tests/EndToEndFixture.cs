using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube.Manifests;
using k8s;
using k8s.Models;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>
/// The shared control plane with the node simulator (started by <c>local-cluster.sh up</c>), our
/// CRDs, one test namespace, the controller running as a process out of cluster (as in the demo),
/// and every scenario of <see cref="Scenarios"/> applied.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private TestNamespace? _namespace;

    public ControlPlaneFixture ControlPlane { get; } = new();

    public Kubernetes Client => ControlPlane.Client;

    public string Namespace => _namespace!.Name;

    public ControllerProcess Controller { get; private set; } = null!;

    /// <summary>The controller's base URL, <c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await ControlPlane.InitializeAsync();
        var applier = new ManifestApplier(Client);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "crds"), "*.yaml"))
        {
            await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file));
        }

        await Eventually.TrueAsync(async () => await CrdCheck.FindProblemAsync(Client, CancellationToken.None) is null, TimeSpan.FromSeconds(30), "the CRDs to be served");
        await SimulatedNodesReadyAsync();
        _namespace = await ControlPlane.CreateNamespaceAsync("e2e", waitForServiceAccount: true);

        (Controller, Url) = await ControllerLauncher.StartAsync(ControlPlane, Namespace);
        await Scenarios.ApplyAllAsync(applier, Namespace, Url);
    }

    public async Task DisposeAsync()
    {
        if (Controller is not null)
        {
            await Controller.DisposeAsync();
        }

        if (_namespace is not null)
        {
            await _namespace.DisposeAsync();
        }

        await ControlPlane.DisposeAsync();
    }

    /// <summary>Waits until the khstate of <paramref name="check"/> holds the result of a run, and returns it.</summary>
    public Task<KhStateSpec> ResultAsync(string check, TimeSpan timeout) =>
        Eventually.GetAsync(
            async () => await new KuberhealthyApi(Client).States.GetAsync(Namespace, check) is { Spec: { ResultUuid.Length: > 0 } spec } ? spec : null,
            timeout,
            $"a result in khstate {check} (controller output:\n{Tail(Controller.Output)})",
            TimeSpan.FromSeconds(1));

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    /// <summary>Fails fast, with the fix, when the simulator is not running (the run would only time out).</summary>
    private async Task SimulatedNodesReadyAsync()
    {
        var nodes = await Eventually.GetAsync(
            async () =>
            {
                var list = await Client.CoreV1.ListNodeAsync(labelSelector: "healthchecks.local/simulator");
                return list.Items.Count > 0 && list.Items.All(IsReady) ? list.Items : null;
            },
            TimeSpan.FromSeconds(30),
            "Ready nodes of the node simulator (scripts/local-cluster.sh up starts it)");
        var foreign = (await Client.CoreV1.ListNodeAsync()).Items.Where(n => !nodes.Any(s => s.Metadata.Name == n.Metadata.Name)).Select(n => n.Metadata.Name).ToList();
        Assert.True(foreign.Count == 0, $"nodes no simulator serves would lack daemonset pods: {string.Join(", ", foreign)}");
    }

    private static bool IsReady(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
