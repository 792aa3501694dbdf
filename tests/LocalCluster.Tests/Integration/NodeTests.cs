using System.Text.Json.Nodes;
using HealthChecks.Kube;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

[Collection(SimulatorGroup.Name)]
public sealed class NodeTests(ControlPlaneFixture fixture)
{
    private const string Annotation = "healthchecks.local/simulate-not-ready";

    private async Task<IList<V1Node>> SimulatedNodesAsync() =>
        (await fixture.Client.CoreV1.ListNodeAsync(labelSelector: "healthchecks.local/simulator=sim-node")).Items;

    private static string? ReadyOf(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    [Fact]
    public async Task Nodes_AreReady_WithFreshLeases()
    {
        var nodes = await SimulatedNodesAsync();
        Assert.NotEmpty(nodes);
        foreach (var node in nodes)
        {
            Assert.Equal("True", ReadyOf(node));
            Assert.Equal("linux", node.Metadata.Labels!["kubernetes.io/os"]);
            Assert.Equal(node.Metadata.Name, node.Metadata.Labels["kubernetes.io/hostname"]);
            Assert.Equal("110", node.Status!.Allocatable!["pods"].ToString());
            var lease = await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync(node.Metadata.Name, "kube-node-lease").OrNullIfNotFound();
            Assert.NotNull(lease);
            Assert.InRange(DateTime.UtcNow - lease!.Spec!.RenewTime!.Value, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(25));
        }
    }

    [Fact]
    public async Task Annotation_MarksANodeNotReady_AndRemovingItMakesItReadyAgain()
    {
        var name = (await SimulatedNodesAsync()).OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).Last().Metadata.Name!;
        try
        {
            await AnnotateAsync(name, "true");
            await Eventually.TrueAsync(async () => ReadyOf(await fixture.Client.CoreV1.ReadNodeAsync(name)) == "False", TimeSpan.FromSeconds(10), "Ready=False");
        }
        finally
        {
            await AnnotateAsync(name, null);
        }

        await Eventually.TrueAsync(async () => ReadyOf(await fixture.Client.CoreV1.ReadNodeAsync(name)) == "True", TimeSpan.FromSeconds(10), "Ready=True again");
    }

    // A merge patch: null removes the annotation.
    private Task<V1Node> AnnotateAsync(string node, string? value) =>
        fixture.Client.CoreV1.PatchNodeAsync(new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [Annotation] = value } } }.ToJsonString(), V1Patch.PatchType.MergePatch), node);
}
