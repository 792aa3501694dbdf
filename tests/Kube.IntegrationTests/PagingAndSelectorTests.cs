using HealthChecks.Kube.Models;
using HealthChecks.TestKit;

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
            await client.CreateAsync(KubeResources.ConfigMaps, new V1ConfigMap
            {
                Metadata = new V1ObjectMeta
                {
                    Name = $"cm-{i:D4}",
                    NamespaceProperty = ns.Name,
                    Labels = new() { ["parity"] = i % 2 == 0 ? "even" : "odd", ["tens"] = (i / 10 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            }, ct));

        // Every namespace also gets a kube-root-ca.crt ConfigMap: count ours only.
        var ours = new ListOptions { LabelSelector = "parity" };
        var firstPage = await client.ListAsync(KubeResources.ConfigMaps, ns.Name, ours with { Limit = 200 });
        Assert.Equal(200, firstPage.Items.Count);
        Assert.False(string.IsNullOrEmpty(firstPage.Metadata.Continue));

        var all = await client.ListAllAsync(KubeResources.ConfigMaps, ns.Name, ours, pageSize: 200);
        Assert.Equal(Count, all.Items.Count);
        Assert.Equal(Count, all.Items.Select(c => c.Metadata.Name).Distinct().Count());
        Assert.False(string.IsNullOrEmpty(all.Metadata.ResourceVersion));

        var even = await client.ListAllAsync(KubeResources.ConfigMaps, ns.Name, new ListOptions { LabelSelector = "parity=even" }, pageSize: 300);
        Assert.Equal(Count / 2, even.Items.Count);

        var setBased = await client.ListAllAsync(KubeResources.ConfigMaps, ns.Name, new ListOptions { LabelSelector = "parity=odd,tens in (3,7)" });
        Assert.Equal(150, setBased.Items.Count);

        var byName = await client.ListAsync(KubeResources.ConfigMaps, ns.Name, new ListOptions { FieldSelector = "metadata.name=cm-0042" });
        Assert.Equal(["cm-0042"], byName.Items.Select(c => c.Metadata.Name));

        await client.DeleteCollectionAsync(KubeResources.ConfigMaps, ns.Name, new ListOptions { LabelSelector = "parity=odd" });
        var remaining = await client.ListAllAsync(KubeResources.ConfigMaps, ns.Name, new ListOptions { LabelSelector = "parity" });
        Assert.Equal(Count / 2, remaining.Items.Count);
    }
}
