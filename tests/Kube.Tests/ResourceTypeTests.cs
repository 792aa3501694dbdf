namespace HealthChecks.Kube.Tests;

public class ResourceTypeTests
{
    private static readonly ResourceType Pods = new("", "v1", "pods", "Pod", Namespaced: true);
    private static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", Namespaced: false);
    private static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", Namespaced: true);
    private static readonly ResourceType Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false);

    [Theory]
    [InlineData("", "v1")]
    [InlineData("apps", "apps/v1")]
    public void ApiVersion_CoreOrGroup_OmitsEmptyGroup(string group, string expected)
    {
        var type = new ResourceType(group, "v1", "things", "Thing", Namespaced: true);

        Assert.Equal(expected, type.ApiVersion);
    }

    [Fact]
    public void PathFor_CoreNamespacedObject_UsesApiPrefixAndNamespace()
    {
        Assert.Equal("/api/v1/namespaces/default/pods/web-0", Pods.PathFor("default", "web-0"));
    }

    [Fact]
    public void PathFor_GroupNamespacedCollection_UsesApisPrefix()
    {
        Assert.Equal("/apis/apps/v1/namespaces/team/deployments", Deployments.PathFor("team"));
    }

    [Fact]
    public void PathFor_NamespacedCollectionWithoutNamespace_SpansAllNamespaces()
    {
        Assert.Equal("/api/v1/pods", Pods.PathFor(null));
        Assert.Equal("/apis/apps/v1/deployments", Deployments.PathFor(""));
    }

    [Fact]
    public void PathFor_ClusterScoped_IgnoresNamespace()
    {
        Assert.Equal("/api/v1/nodes/node-1", Nodes.PathFor("ignored", "node-1"));
        Assert.Equal("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/healthchecks.example.io", Crds.PathFor(null, "healthchecks.example.io"));
    }

    [Fact]
    public void PathFor_Subresource_AppendedAfterName()
    {
        Assert.Equal("/apis/apps/v1/namespaces/team/deployments/api/status", Deployments.PathFor("team", "api", "status"));
    }

    [Fact]
    public void PathFor_UnsafeCharacters_EscapesNamespaceAndName()
    {
        Assert.Equal("/api/v1/namespaces/a%2Fb/pods/x%20y%3Fz", Pods.PathFor("a/b", "x y?z"));
    }

    [Fact]
    public void PathFor_NamedNamespacedObjectWithoutNamespace_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Pods.PathFor(null, "web-0"));

        Assert.Contains("Pod is namespaced", error.Message, StringComparison.Ordinal);
        Assert.Contains("web-0", error.Message, StringComparison.Ordinal);
    }
}
