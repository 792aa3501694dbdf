using System.Text.Json;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Models;

public class QuantityContractTests
{
    [Fact]
    public void Deserialize_NumbersAndStrings_ReadAsQuantities()
    {
        // A pod spec inside a custom resource keeps YAML's `cpu: 1` as a JSON number (Kuberhealthy's deployment example).
        const string json = """{ "limits": { "cpu": 1, "memory": "64Mi" }, "requests": { "cpu": 0.25, "memory": 1e3 } }""";

        var resources = ModelJson.Read<V1ResourceRequirements>(json);

        // The client keeps quantities canonical, as the API server stores them (our old models kept the text).
        Assert.Equal(("1", "64Mi", "250m", "1k"), (resources.Limits["cpu"].ToString(), resources.Limits["memory"].ToString(), resources.Requests["cpu"].ToString(), resources.Requests["memory"].ToString()));
    }

    [Fact]
    public void Serialize_WritesStrings_AsTheApiServerDoes()
    {
        var written = ModelJson.Write(ModelJson.Read<V1ResourceRequirements>("""{ "limits": { "cpu": 1, "memory": "128Mi" } }"""));

        ModelJson.AssertJsonEqual(ModelJson.Parse("""{ "limits": { "cpu": "1", "memory": "128Mi" } }"""), written);
    }

    [Fact]
    public void Deserialize_ANonScalarQuantity_Throws()
    {
        // A podSpec the model cannot hold must fail to decode (the controller shows it as InvalidSpec), not half-decode.
        Assert.ThrowsAny<JsonException>(() => ModelJson.Read<V1ResourceRequirements>("""{ "limits": { "cpu": [1] } }"""));
    }

    [Fact]
    public void Quantity_FromCode_SerializesAsWritten()
    {
        var resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new ResourceQuantity("64Mi"), ["cpu"] = new ResourceQuantity("100m") } };

        ModelJson.AssertJsonEqual(ModelJson.Parse("""{ "limits": { "memory": "64Mi", "cpu": "100m" } }"""), ModelJson.Write(resources));
    }
}
