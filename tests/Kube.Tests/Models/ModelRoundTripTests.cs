using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Models;

public class ModelRoundTripTests
{
    private static readonly Dictionary<string, (Type Type, string Json)> Samples = new()
    {
        ["Namespace"] = (typeof(V1Namespace), CoreSamples.Namespace),
        ["Pod"] = (typeof(V1Pod), CoreSamples.Pod),
        ["Node"] = (typeof(V1Node), CoreSamples.Node),
        ["Service"] = (typeof(V1Service), CoreSamples.Service),
        ["ExternalNameService"] = (typeof(V1Service), CoreSamples.ExternalNameService),
        ["Endpoints"] = (typeof(V1Endpoints), CoreSamples.Endpoints),
        ["ServiceAccount"] = (typeof(V1ServiceAccount), CoreSamples.ServiceAccount),
        ["Secret"] = (typeof(V1Secret), CoreSamples.Secret),
        ["ConfigMap"] = (typeof(V1ConfigMap), CoreSamples.ConfigMap),
        ["Event"] = (typeof(Corev1Event), CoreSamples.Event),
        ["Deployment"] = (typeof(V1Deployment), AppsSamples.Deployment),
        ["DaemonSet"] = (typeof(V1DaemonSet), AppsSamples.DaemonSet),
        ["ReplicaSet"] = (typeof(V1ReplicaSet), AppsSamples.ReplicaSet),
        ["Lease"] = (typeof(V1Lease), OtherSamples.Lease),
        ["CustomResourceDefinition"] = (typeof(V1CustomResourceDefinition), OtherSamples.CustomResourceDefinition),
        ["DeleteOptions"] = (typeof(V1DeleteOptions), OtherSamples.DeleteOptions),
        ["APIResourceList"] = (typeof(V1APIResourceList), OtherSamples.ApiResourceList),
    };

    public static TheoryData<string> Kinds => [.. Samples.Keys];

    // No ExtensionData any more: a field the model does not know is dropped on write. Writing back
    // exactly what was read proves that a GET-modify-PUT of these kinds loses nothing.
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Serialize_Sample_ReproducesTheApiJson(string kind)
    {
        var (type, json) = Samples[kind];

        var written = KubernetesJson.Serialize(Generic(nameof(KubernetesJson.Deserialize), typeof(KubernetesJson), type, [json, null]));

        ModelJson.AssertJsonEqual(ModelJson.WithoutNulls(json), written);
    }

    // Typed YAML of built-in kinds goes through the official KubernetesYaml (JSON is YAML): it must
    // read the same fields, int-or-strings, quantities and times as the JSON reader.
    [Theory]
    [MemberData(nameof(Kinds))]
    public void KubernetesYaml_Sample_ReadsWhatTheJsonReaderReads(string kind)
    {
        var (type, json) = Samples[kind];

        var fromYaml = Generic(nameof(KubernetesYaml.Deserialize), typeof(KubernetesYaml), type, [json, false]);

        ModelJson.AssertJsonEqual(ModelJson.WithoutNulls(json), KubernetesJson.Serialize(fromYaml));
    }

    [Fact]
    public void Deserialize_ListResponse_ReadsListMetaAndItems()
    {
        const string json = """
            {
              "kind": "PodList", "apiVersion": "v1",
              "metadata": { "resourceVersion": "5000", "continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", "remainingItemCount": 7 },
              "items": [
                { "metadata": { "name": "a", "namespace": "default" }, "spec": { "nodeName": "node-1" }, "status": { "phase": "Running" } },
                { "metadata": { "name": "b", "namespace": "default" }, "status": { "phase": "Pending" } } ]
            }
            """;

        var list = ModelJson.Read<V1PodList>(json);

        Assert.Equal("5000", list.Metadata.ResourceVersion);
        Assert.Equal("eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", list.Metadata.ContinueProperty);
        Assert.Equal(7, list.Metadata.RemainingItemCount);
        Assert.Equal(new[] { "a", "b" }, list.Items.Select(pod => pod.Metadata.Name));
        Assert.Equal("node-1", list.Items[0].Spec?.NodeName);
        Assert.Null(list.Items[1].Spec); // absent stays null: consumers guard it
        Assert.Equal("Pending", list.Items[1].Status?.Phase);
        ModelJson.AssertJsonEqual(ModelJson.Parse(json), ModelJson.Write(list));
    }

    [Fact]
    public void Deserialize_Node_ReadsCapitalisedKubeletPort()
    {
        var node = ModelJson.Read<V1Node>(CoreSamples.Node);

        Assert.Equal(10250, node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port);
        Assert.Contains("\"Port\":10250", ModelJson.Write(node), StringComparison.Ordinal);
    }

    // ApiDiscovery maps kinds to plurals through this document.
    [Fact]
    public void Deserialize_ApiResourceList_ReadsDiscoveryFields()
    {
        var list = ModelJson.Read<V1APIResourceList>(OtherSamples.ApiResourceList);

        Assert.Equal("v1", list.GroupVersion);
        var events = Assert.Single(list.Resources!, resource => resource.Name == "events");
        Assert.Equal("event", events.SingularName);
        Assert.True(events.Namespaced);
        Assert.Equal("Event", events.Kind);
        Assert.Contains("watch", events.Verbs!);
        Assert.Equal(new[] { "ev" }, events.ShortNames!);
    }

    [Fact]
    public void Serialize_DeleteOptionsFromCode_WritesOnlyWhatIsSet()
    {
        var options = new V1DeleteOptions
        {
            PropagationPolicy = "Background",
            GracePeriodSeconds = 0,
            Preconditions = new V1Preconditions { ResourceVersion = "42" },
        };

        ModelJson.AssertJsonEqual(
            ModelJson.Parse("""{ "propagationPolicy": "Background", "gracePeriodSeconds": 0, "preconditions": { "resourceVersion": "42" } }"""),
            ModelJson.Write(options));
    }

    // Deserialize<T>(string, ...) of either serializer, for a type known at run time.
    private static object Generic(string method, Type owner, Type type, object?[] arguments) =>
        owner.GetMethods().Single(m => m.Name == method && m.IsGenericMethod && m.GetParameters()[0].ParameterType == typeof(string))
            .MakeGenericMethod(type).Invoke(null, arguments) ?? throw new InvalidOperationException("deserialized to null");
}
