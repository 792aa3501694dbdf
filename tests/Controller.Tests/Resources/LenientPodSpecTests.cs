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

    // As the caches keep a khcheck: the podSpec as its JSON's bytes and its problems, nothing decoded.
    private static KuberhealthyCheck Cached(string podSpec)
    {
        var check = Read(podSpec);
        check.Spec.CompactPodSpec();
        return check;
    }

    [Fact]
    public void Compacted_each_reader_gets_its_own_copy_and_the_spec_stays_as_read()
    {
        var check = Cached("""{"containers":[{"name":"main","image":"x","resources":{"limits":{"cpu":1}}}],"unknownField":true}""");

        var first = check.Spec.PodSpec!;
        first.Containers[0].Image = "changed";
        var second = check.Spec.PodSpec!;

        Assert.NotSame(first, second);
        Assert.Equal("x", second.Containers[0].Image);
        Assert.Equal("1", second.Containers[0].Resources.Limits["cpu"].ToString());
        var written = JsonNode.Parse(KubernetesJson.Serialize(check))!;
        Assert.Equal("x", (string?)written["spec"]!["podSpec"]!["containers"]![0]!["image"]);
        Assert.True((bool)written["spec"]!["podSpec"]!["unknownField"]!); // a field the model lacks is kept
    }

    [Fact]
    public void Compacted_problems_are_those_found_before()
    {
        var unreadable = Cached("""{"containers":[{"name":"main","image":"x","resources":{"limits":{"cpu":[1]}}}]}""");
        var noImage = Cached("""{"containers":[{"name":"main"}]}""");
        var noContainer = Cached("""{"containers":[]}""");

        Assert.StartsWith("spec.podSpec cannot be read: ", Assert.Single(CheckDefinition.FromCheck(unreadable).Problems), StringComparison.Ordinal);
        Assert.Null(unreadable.Spec.PodSpec);
        Assert.Equal(["spec.podSpec.containers[main] has no image"], CheckDefinition.FromCheck(noImage).Problems);
        Assert.Equal(["spec.podSpec.containers is empty"], CheckDefinition.FromCheck(noContainer).Problems);
    }

    [Fact]
    public void Compacted_an_unreadable_pod_spec_is_written_back_as_it_was_read()
    {
        const string podSpec = """{"containers":[{"name":"main","image":"x","resources":{"limits":{"cpu":[1]}}}]}""";

        var written = JsonNode.Parse(KubernetesJson.Serialize(Cached(podSpec)))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(podSpec), written["spec"]!["podSpec"]));
    }

    [Fact]
    public void Compacted_a_spec_set_through_the_model_is_kept()
    {
        var check = Read("""{"containers":[{"name":"main","image":"x"}]}""");
        check.Spec.PodSpec = new() { Containers = [new() { Name = "other", Image = "y" }] };

        check.Spec.CompactPodSpec();

        Assert.Equal("y", check.Spec.PodSpec!.Containers[0].Image);
        Assert.Empty(CheckDefinition.FromCheck(check).Problems);
    }

    [Fact]
    public void A_definition_decodes_the_pod_spec_only_when_asked_and_once()
    {
        var check = Cached("""{"containers":[{"name":"main","image":"x"}]}""");

        var definition = CheckDefinition.FromCheck(check);

        Assert.Same(definition.PodSpec, definition.PodSpec);
        Assert.Equal("x", definition.PodSpec!.Containers[0].Image);
    }
}
