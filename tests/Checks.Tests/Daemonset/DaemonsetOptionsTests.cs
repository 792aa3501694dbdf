using HealthChecks.CheckSdk.Options;
using HealthChecks.Checks.Common;
using HealthChecks.Checks.Daemonset;
using k8s.Models;

namespace HealthChecks.Checks.Tests.Daemonset;

public sealed class DaemonsetOptionsTests
{
    private static DaemonsetCheckOptions Parse(params (string, string)[] values) =>
        DaemonsetCheckOptions.FromEnvironment(TestEnvironment.Of(values));

    [Fact]
    public void FromEnvironment_Nothing_UpstreamDefaults()
    {
        var options = Parse();
        Assert.Equal("kuberhealthy", options.Namespace);
        Assert.Equal("gcr.io/google-containers/pause:3.1", options.PauseImage);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ShutdownGracePeriod);
        Assert.Equal("daemonset", options.NamePrefix);
        Assert.Null(options.Tolerations);
        Assert.Empty(options.AllowedTaints);
        Assert.Empty(options.NodeSelector);
        Assert.Null(options.PriorityClassName);
    }

    [Fact]
    public void FromEnvironment_Everything_Parses()
    {
        var options = Parse(
            ("POD_NAMESPACE", "checks"), ("PAUSE_CONTAINER_IMAGE", "pause:3.9"), ("NODE_SELECTOR", "pool=a,zone=z1"),
            ("TOLERATIONS", "dedicated=infra:NoSchedule,gpu"), ("ALLOWED_TAINTS", "node.kubernetes.io/unschedulable:NoSchedule,team=x:NoExecute"),
            ("SHUTDOWN_GRACE_PERIOD", "2m"), ("CHECK_DAEMONSET_NAME", "ds"), ("DAEMONSET_PRIORITY_CLASS_NAME", "high"), ("HOSTNAME", "Checker-Pod"));

        Assert.Equal("checks", options.Namespace);
        Assert.Equal("pause:3.9", options.PauseImage);
        Assert.Equal(new Dictionary<string, string> { ["pool"] = "a", ["zone"] = "z1" }, options.NodeSelector);
        Assert.Equal(2, options.Tolerations!.Count);
        Assert.Equal([new TaintSpec("node.kubernetes.io/unschedulable", null, "NoSchedule"), new TaintSpec("team", "x", "NoExecute")], options.AllowedTaints);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ShutdownGracePeriod);
        Assert.Equal("ds", options.NamePrefix);
        Assert.Equal("high", options.PriorityClassName);
        Assert.Equal("checker-pod", options.Instance);
    }

    [Fact]
    public void FromEnvironment_NamespaceFallsBackToTheContractNamespace() =>
        Assert.Equal("mine", Parse(("KH_POD_NAMESPACE", "mine")).Namespace);

    [Fact]
    public void FromEnvironment_BadValues_AllNamedInOneError()
    {
        var error = Assert.Throws<EnvOptionsException>(() => Parse(("NODE_SELECTOR", "pool"), ("TOLERATIONS", "a=b:Sometimes"), ("ALLOWED_TAINTS", "novalue"), ("SHUTDOWN_GRACE_PERIOD", "forever")));
        Assert.Equal(["NODE_SELECTOR", "TOLERATIONS", "ALLOWED_TAINTS", "SHUTDOWN_GRACE_PERIOD"], error.Problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void TolerationSyntax_ThreeForms()
    {
        var parsed = TolerationSyntax.Parse("gpu, dedicated=infra, team=x:NoExecute");

        Assert.Equal(("gpu", "Exists", null, null), (parsed[0].Key, parsed[0].OperatorProperty, parsed[0].Value, parsed[0].Effect));
        Assert.Equal(("dedicated", "Equal", "infra", null), (parsed[1].Key, parsed[1].OperatorProperty, parsed[1].Value, parsed[1].Effect));
        Assert.Equal(("team", "Equal", "x", "NoExecute"), (parsed[2].Key, parsed[2].OperatorProperty, parsed[2].Value, parsed[2].Effect));
    }

    [Theory]
    [InlineData("=v")]
    [InlineData("k=v:Never")]
    public void TolerationSyntax_Malformed_Throws(string text) => Assert.Throws<FormatException>(() => TolerationSyntax.Parse(text));

    [Fact]
    public void TaintSpec_Matches_KeyEffectAndOptionalValue()
    {
        var any = new TaintSpec("team", null, "NoSchedule");
        var x = new TaintSpec("team", "x", "NoSchedule");
        var taint = new V1Taint { Key = "team", Value = "y", Effect = "NoSchedule" };
        Assert.True(any.Matches(taint));
        Assert.False(x.Matches(taint));
        Assert.False(any.Matches(new V1Taint { Key = "team", Value = "y", Effect = "NoExecute" }));
    }
}
