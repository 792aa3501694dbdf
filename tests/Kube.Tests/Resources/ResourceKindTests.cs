using HealthChecks.Kube.Resources;

namespace HealthChecks.Kube.Tests.Resources;

public class ResourceKindTests
{
    [Theory]
    [InlineData("", "v1")]
    [InlineData("apps", "apps/v1")]
    public void ApiVersion_CoreOrGroup_OmitsEmptyGroup(string group, string expected)
    {
        var kind = new ResourceKind(group, "v1", "things", "Thing", Namespaced: true);

        Assert.Equal(expected, kind.ApiVersion);
    }

    [Fact]
    public void ToString_IsApiVersionAndPlural_AsInLogs()
    {
        Assert.Equal("v1/pods", BuiltInKinds.Pods.ToString());
        Assert.Equal("coordination.k8s.io/v1/leases", BuiltInKinds.Leases.ToString());
    }

    [Theory]
    [InlineData("Pods", "pods", "Pod", true)]
    [InlineData("Nodes", "nodes", "Node", false)]
    [InlineData("Services", "services", "Service", true)]
    [InlineData("Endpoints", "endpoints", "Endpoints", true)]
    [InlineData("ConfigMaps", "configmaps", "ConfigMap", true)]
    [InlineData("Events", "events", "Event", true)]
    public void BuiltInKinds_CoreKinds_AreInTheCoreGroupV1(string property, string plural, string kind, bool namespaced)
    {
        var value = (ResourceKind)typeof(BuiltInKinds).GetProperty(property)!.GetValue(null)!;

        Assert.Equal(new ResourceKind("", "v1", plural, kind, namespaced), value);
        Assert.Equal("v1", value.ApiVersion);
    }

    [Fact]
    public void BuiltInKinds_Leases_AreInTheCoordinationGroup()
    {
        Assert.Equal(new ResourceKind("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true), BuiltInKinds.Leases);
    }

    [Fact]
    public void Equality_ByValue_SoKindsCanKeyCaches()
    {
        var discovered = new ResourceKind("", "v1", "pods", "Pod", Namespaced: true);

        Assert.Equal(BuiltInKinds.Pods, discovered);
        Assert.Equal(BuiltInKinds.Pods.GetHashCode(), discovered.GetHashCode());
        Assert.NotEqual(BuiltInKinds.Pods, discovered with { Namespaced = false });
    }
}
