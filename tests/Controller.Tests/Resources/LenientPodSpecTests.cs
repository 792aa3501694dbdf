using System.Text.Json.Nodes;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;

namespace HealthChecks.Controller.Tests.Resources;

/// <summary>A podSpec our model cannot read makes that one check InvalidSpec, never a failed watch of all checks.</summary>
public sealed class LenientPodSpecTests
{
    private static KuberhealthyCheck Read(string podSpec) =>
        KubernetesJson.Deserialize<KuberhealthyCheck>(
            """{"apiVersion":"comcast.github.io/v1","kind":"KuberhealthyCheck","metadata":{"name":"c","namespace":"n"},"spec":{"runInterval":"1m","timeout":"30s","podSpec":"""
            + podSpec + "}}")!;

    [Fact]
    public void An_unreadable_pod_spec_is_a_problem_of_that_check_naming_the_path()
    {
        var check = Read("""{"containers":[{"name":"main","image":"x","resources":{"limits":{"cpu":[1]}}}]}""");

        var problem = Assert.Single(CheckDefinition.FromCheck(check).Problems);

        Assert.StartsWith("spec.podSpec cannot be read: ", problem, StringComparison.Ordinal);
        Assert.Contains("resources.limits", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_pod_spec_is_written_back_as_it_was_read()
    {
        const string podSpec = """{"containers":[{"name":"main","image":"x","resources":{"limits":{"cpu":[1]}}}]}""";
        var check = Read(podSpec);
        _ = check.Spec!.PodSpec;

        var written = JsonNode.Parse(KubernetesJson.Serialize(check))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(podSpec), written["spec"]!["podSpec"]));
    }

    [Fact]
    public void A_numeric_quantity_is_read_and_an_edit_through_the_model_is_written()
    {
        var check = Read("""{"containers":[{"name":"main","image":"x","resources":{"limits":{"cpu":1}}}]}""");
        Assert.Empty(CheckDefinition.FromCheck(check).Problems);

        check.Spec!.PodSpec!.Containers![0].Image = "y";
        var written = JsonNode.Parse(KubernetesJson.Serialize(check))!;

        Assert.Equal("y", (string?)written["spec"]!["podSpec"]!["containers"]![0]!["image"]);
        Assert.Equal("1", (string?)written["spec"]!["podSpec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]);
    }

    [Fact]
    public void A_missing_pod_spec_is_the_usual_problem()
    {
        var check = KubernetesJson.Deserialize<KuberhealthyCheck>("""{"metadata":{"name":"c","namespace":"n"},"spec":{"runInterval":"1m"}}""")!;

        Assert.Equal(["spec.podSpec.containers is empty"], CheckDefinition.FromCheck(check).Problems);
    }
}
