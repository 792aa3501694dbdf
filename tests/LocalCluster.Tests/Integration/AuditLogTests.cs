using HealthChecks.Kube;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>
/// The API server's audit log, which tests read to tell the controller's requests from other
/// clients': it names the sender of each request for pods, Events and our resources, and holds
/// nothing else.
/// </summary>
[Collection(SimulatorGroup.Name)]
public sealed class AuditLogTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Reads_and_writes_of_pods_are_logged_with_their_sender_and_other_kinds_are_not()
    {
        await using var ns = await fixture.CreateNamespaceAsync("audit");
        var client = fixture.Client;
        var from = DateTimeOffset.UtcNow;

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "unlogged" } }, ns.Name);
        await client.CoreV1.ListNamespacedPodAsync(ns.Name);
        var missing = await client.CoreV1.ReadNamespacedPodAsync("absent", ns.Name).OrNullIfNotFound();
        Assert.Null(missing);

        var logged = await Eventually.GetAsync(
            () => Task.FromResult(ApiServerAudit.Read(fixture.Cluster, from, DateTimeOffset.UtcNow.AddSeconds(1)).Where(r => r.Namespace == ns.Name).ToList() is { Count: >= 2 } found ? found : null),
            TimeSpan.FromSeconds(10),
            "the test's requests in the audit log");

        Assert.Equal(
            [("list", "core", "pods", "-", "", 200), ("get", "core", "pods", "-", "absent", 404)],
            logged.Select(r => (r.Verb, r.Group, r.Resource, r.Subresource, r.Name, r.Code)));
        Assert.All(logged, r => Assert.Equal(KubeClients.UserAgent, r.UserAgent));
    }
}
