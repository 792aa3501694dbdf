using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube.Manifests;
using k8s;
using k8s.Models;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>
/// The shared control plane with the node simulator (started by <c>local-cluster.sh up</c>), our
/// CRDs, one test namespace, two controller replicas with leader election running as processes out
/// of cluster (as in the demo and the chart), and every scenario of <see cref="Scenarios"/> applied.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private TestNamespace? _namespace;
    private LoopbackHttpServer? _alwaysUp;

    public ControlPlaneFixture ControlPlane { get; } = new();

    public Kubernetes Client => ControlPlane.Client;

    public string Namespace => _namespace!.Name;

    internal ControllerReplicas Controllers { get; private set; } = null!;

    /// <summary>A running replica's base URL, <c>http://127.0.0.1:port</c> (the leader may have been stopped by a test).</summary>
    public string Url => Controllers.Url;

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

        Controllers = await ControllerReplicas.StartAsync(ControlPlane, Namespace);
        _alwaysUp = await LoopbackHttpServer.StartAsync();
        await Scenarios.ApplyAllAsync(applier, Namespace, Url, _alwaysUp.BaseUri.ToString());
    }

    public async Task DisposeAsync()
    {
        if (Controllers is not null)
        {
            await Controllers.DisposeAsync();
        }

        if (_alwaysUp is not null)
        {
            await _alwaysUp.DisposeAsync();
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
            $"a result in khstate {check} (controller output:\n{Controllers.Output})",
            TimeSpan.FromSeconds(1));

    /// <summary>
    /// Waits for a Warning Event with <paramref name="reason"/> on <paramref name="check"/>. The leader
    /// records Events when a check's result changes (starts failing, recovers, becomes invalid), not
    /// for every run.
    /// </summary>
    public Task WarningEventAsync(string check, string reason) =>
        Eventually.TrueAsync(
            async () => (await EventsOfAsync(check)).Any(e => e.Type == "Warning" && e.Reason == reason),
            TimeSpan.FromSeconds(30),
            $"a Warning {reason} event on {check}");

    /// <summary>The Events recorded on <paramref name="check"/> (a khcheck or khjob of the test namespace).</summary>
    public async Task<IReadOnlyList<Corev1Event>> EventsOfAsync(string check) =>
        (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject?.Name == check).ToList();

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
