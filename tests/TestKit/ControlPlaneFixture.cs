using HealthChecks.Kube;
using k8s;
using k8s.Models;
using Xunit;

namespace HealthChecks.TestKit;

/// <summary>
/// One real control plane for a test run. <c>scripts/test.sh</c> starts it once and passes
/// <c>HC_CLUSTER_STATE</c> (and <c>KUBECONFIG</c>) so every test project shares it; run alone
/// (e.g. <c>dotnet test</c> in an IDE) the fixture starts its own and removes it at the end,
/// also when tests fail.
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private bool _owned;

    public LocalCluster Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var shared = System.Environment.GetEnvironmentVariable("HC_CLUSTER_STATE");
        if (!string.IsNullOrEmpty(shared) && File.Exists(Path.Combine(shared, "cluster.env")))
        {
            Cluster = LocalCluster.Open(shared);
        }
        else
        {
            _owned = true;
            Cluster = await LocalCluster.UpAsync(Path.Combine(Path.GetTempPath(), "hc-test-cluster-" + Guid.NewGuid().ToString("N")[..8]));
        }

        Client = Cluster.NewAdminClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_owned)
        {
            await Cluster.DownAsync(purge: true);
        }
    }

    /// <summary>A fresh namespace for one test, deleted (without waiting) when disposed.</summary>
    /// <param name="purpose">A short word that appears in the namespace name.</param>
    /// <param name="waitForServiceAccount">
    /// Pods are admitted only once the controller-manager has created the namespace's
    /// <c>default</c> ServiceAccount and its token Secret; wait for both when the test creates pods.
    /// </param>
    public async Task<TestNamespace> CreateNamespaceAsync(string purpose, bool waitForServiceAccount = false)
    {
        var name = $"t-{purpose}-{Guid.NewGuid().ToString("N")[..6]}".ToLowerInvariant();
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["healthchecks.test"] = "true" } } });
        if (waitForServiceAccount)
        {
            // The ServiceAccount admission plugin refuses pods until the account has its token Secret.
            await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", name).OrNullIfNotFound() is { Secrets.Count: > 0 } account ? account : null, TimeSpan.FromSeconds(30), $"ServiceAccount {name}/default and its token");
        }

        return new TestNamespace(Client, name);
    }
}

public sealed class TestNamespace(Kubernetes client, string name) : IAsyncDisposable
{
    public string Name { get; } = name;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await client.CoreV1.DeleteNamespaceAsync(Name);
        }
        catch (Exception ex) when (ex is HttpRequestException or k8s.Autorest.HttpOperationException or OperationCanceledException)
        {
            // Best effort: the control plane may be down on purpose in this test.
        }
    }
}
