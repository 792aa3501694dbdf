using System.Globalization;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

[Collection(ControlPlaneGroup.Name)]
public sealed class PagingAndSelectorTests(ControlPlaneFixture fixture)
{
    private const int Count = 1500;

    [Fact]
    public async Task ListAll_1500Objects_FollowsContinueTokensAndSelectors()
    {
        var client = fixture.Client;
        await using var ns = await fixture.CreateNamespaceAsync("paging");
        await Parallel.ForAsync(0, Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta
                {
                    Name = $"cm-{i:D4}",
                    NamespaceProperty = ns.Name,
                    Labels = new Dictionary<string, string> { ["parity"] = i % 2 == 0 ? "even" : "odd", ["tens"] = (i / 10 % 10).ToString(CultureInfo.InvariantCulture) },
                },
            }, ns.Name, cancellationToken: ct));
        var configMaps = new ResourceClient<V1ConfigMap>(client, BuiltInKinds.ConfigMaps);

        // Every namespace also gets a kube-root-ca.crt ConfigMap: count ours only.
        var ours = new ListRequest { LabelSelector = "parity" };
        var firstPage = await configMaps.ListPageAsync(ns.Name, ours with { Limit = 200 });
        Assert.Equal(200, firstPage.Items.Count);
        Assert.False(string.IsNullOrEmpty(firstPage.Metadata.ContinueProperty));

        var all = await configMaps.ListAllAsync(ns.Name, ours with { Limit = 200 });
        Assert.Equal(Count, all.Items.Count);
        Assert.Equal(Count, all.Items.Select(c => c.Metadata.Name).Distinct().Count());
        Assert.False(string.IsNullOrEmpty(all.Metadata.ResourceVersion));
        Assert.Null(all.Metadata.ContinueProperty);

        var even = await configMaps.ListAllAsync(ns.Name, new ListRequest { LabelSelector = "parity=even", Limit = 300 });
        Assert.Equal(Count / 2, even.Items.Count);

        var setBased = await configMaps.ListAllAsync(ns.Name, new ListRequest { LabelSelector = "parity=odd,tens in (3,7)" });
        Assert.Equal(150, setBased.Items.Count);

        var byName = await client.CoreV1.ListNamespacedConfigMapAsync(ns.Name, fieldSelector: "metadata.name=cm-0042");
        Assert.Equal(["cm-0042"], byName.Items.Select(c => c.Metadata.Name));

        var acrossNamespaces = await configMaps.ListAllAsync(null, new ListRequest { LabelSelector = "parity=even,tens=4", FieldSelector = $"metadata.namespace={ns.Name}" });
        Assert.Equal(Count / 20, acrossNamespaces.Items.Count);

        await client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns.Name, labelSelector: "parity=odd");
        var remaining = await configMaps.ListAllAsync(ns.Name, new ListRequest { LabelSelector = "parity" });
        Assert.Equal(Count / 2, remaining.Items.Count);
    }
}
