using HealthChecks.LocalCluster.Pods;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class VariableExpanderTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$(A)", "1")]
    [InlineData("x$(A)y$(B)z", "x1y22z")]
    [InlineData("$(UNKNOWN)", "$(UNKNOWN)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$$", "$")]
    [InlineData("$(A", "$(A")]
    [InlineData("cost $5", "cost $5")]
    [InlineData("end$", "end$")]
    public void Expand_FollowsKubernetesRules(string input, string expected) =>
        Assert.Equal(expected, VariableExpander.Expand(input, name => name switch { "A" => "1", "B" => "22", _ => null }));
}
