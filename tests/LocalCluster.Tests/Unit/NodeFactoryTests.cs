using HealthChecks.LocalCluster.Nodes;
using HealthChecks.LocalCluster.Pods;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class NodeFactoryTests
{
    private static readonly NodeDefinition Node = new("sim-node-1", new Dictionary<string, string> { ["zone"] = "a" }, [new V1Taint { Key = "dedicated", Value = "x", Effect = "NoSchedule" }], "127.100.255.1");

    [Fact]
    public void Build_HasKubeletLabels_OurLabelsAndTaints()
    {
        var node = NodeFactory.Build(Node, "sim-node");
        Assert.Equal("sim-node-1", node.Metadata.Labels!["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("a", node.Metadata.Labels["zone"]);
        Assert.Equal("sim-node", node.Metadata.Labels[NodeFactory.SimulatorLabel]);
        Assert.Equal("dedicated", Assert.Single(node.Spec!.Taints!).Key);
    }

    [Fact]
    public void Merge_KeepsTaintsOfOthers_ReplacesOurs()
    {
        var existing = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "sim-node-1", Labels = new Dictionary<string, string> { ["other"] = "kept" } },
            Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoSchedule" }, new V1Taint { Key = "dedicated", Value = "old", Effect = "NoSchedule" }] },
        };
        NodeFactory.MergeInto(existing, NodeFactory.Build(Node, "sim-node"));
        Assert.Equal("kept", existing.Metadata.Labels!["other"]);
        Assert.Equal("a", existing.Metadata.Labels["zone"]);
        Assert.Equal(2, existing.Spec!.Taints!.Count);
        Assert.Equal("x", existing.Spec.Taints.Single(t => t.Key == "dedicated").Value);
    }

    [Fact]
    public void Status_ReadyOrNot_WithCapacityAddressesAndInfo()
    {
        var clock = new ConditionClock();
        var t0 = DateTimeOffset.UnixEpoch.AddDays(1);
        var ready = NodeFactory.Status(Node, ready: true, t0, clock);
        Assert.Equal("True", ready.Conditions!.Single(c => c.Type == "Ready").Status);
        Assert.All(ready.Conditions!.Where(c => c.Type != "Ready"), c => Assert.Equal("False", c.Status));
        Assert.Equal("110", ready.Allocatable!["pods"].ToString());
        Assert.Contains(ready.Addresses!, a => a is { Type: "InternalIP", Address: "127.100.255.1" });
        Assert.Equal("v1.20.2", ready.NodeInfo!.KubeletVersion);

        var notReady = NodeFactory.Status(Node, ready: false, t0.AddSeconds(60), clock);
        var condition = notReady.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "SimulatedNotReady"), (condition.Status, condition.Reason));
        Assert.Equal(t0.AddSeconds(60).UtcDateTime, condition.LastTransitionTime);
        Assert.Equal(t0.UtcDateTime, notReady.Conditions!.Single(c => c.Type == "MemoryPressure").LastTransitionTime);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void NotReadyAnnotation_IsRead(string? value, bool expected)
    {
        var node = new V1Node { Metadata = new V1ObjectMeta { Annotations = value is null ? null : new Dictionary<string, string> { [NodeFactory.NotReadyAnnotation] = value } } };
        Assert.Equal(expected, NodeFactory.WantsNotReady(node));
    }
}
