using System.Text.Json;
using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Tests.Models;

public class QuantityTests
{
    [Fact]
    public void Deserialize_NumbersAndStrings_KeepsTheExactText()
    {
        // A pod spec inside a custom resource keeps YAML's `cpu: 1` as a JSON number (Kuberhealthy's deployment example).
        const string json = """{ "limits": { "cpu": 1, "memory": "64Mi" }, "requests": { "cpu": 0.25, "memory": 1e3 } }""";

        var resources = ModelJson.Read<V1ResourceRequirements>(json);

        Assert.Equal("1", resources.Limits!["cpu"]);
        Assert.Equal("64Mi", resources.Limits["memory"]);
        Assert.Equal("0.25", resources.Requests!["cpu"]);
        Assert.Equal("1e3", resources.Requests["memory"]);
    }

    [Fact]
    public void Serialize_WritesStrings_AsTheApiServerDoes()
    {
        var written = ModelJson.Write(ModelJson.Read<V1ResourceRequirements>("""{ "limits": { "cpu": 1 } }"""));

        ModelJson.AssertJsonEqual(ModelJson.Parse("""{ "limits": { "cpu": "1" } }"""), written);
    }

    [Fact]
    public void Deserialize_ANonScalarQuantity_IsAJsonError() =>
        Assert.ThrowsAny<JsonException>(() => ModelJson.Read<V1ResourceRequirements>("""{ "limits": { "cpu": [1] } }"""));
}
