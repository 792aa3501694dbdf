using HealthChecks.Checks.Daemonset;
using HealthChecks.Checks.Daemonset.Scheduling;
using k8s.Models;
using HealthChecks.TestKit;
using HealthChecks.TestKit.PodSecurity;

namespace HealthChecks.Checks.Tests.Daemonset;

public sealed class SchedulingTests
{
    private static readonly Dictionary<string, string> NoSelector = [];

    private static V1Node Node(string name, Dictionary<string, string>? labels = null, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1NodeSpec { Taints = [.. taints] },
    };

    private static V1Taint Taint(string key, string? value, string effect) => new() { Key = key, Value = value, Effect = effect };

    private static V1Pod Pod(string node, bool ready, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p-" + node, DeletionTimestamp = deleting ? DateTime.UtcNow : null },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    [Theory]
    [InlineData("k", "Exists", null, null, true)]
    [InlineData("k", "Equal", "v", null, true)]
    [InlineData("k", "Equal", "other", null, false)]
    [InlineData("k", "Equal", "v", "NoSchedule", true)]
    [InlineData("k", "Equal", "v", "NoExecute", false)]
    [InlineData(null, "Exists", null, null, true)]
    [InlineData("other", "Exists", null, null, false)]
    public void Tolerates_KubernetesRules(string? key, string op, string? value, string? effect, bool expected) =>
        Assert.Equal(expected, TolerationMatching.Tolerates(new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect }, Taint("k", "v", "NoSchedule")));

    [Fact]
    public void Plan_Auto_OneTolerationPerDistinctTaintMinusAllowed()
    {
        var nodes = new[]
        {
            Node("a", null, Taint("dedicated", "infra", "NoSchedule"), Taint("node.kubernetes.io/unschedulable", null, "NoSchedule")),
            Node("b", null, Taint("dedicated", "infra", "NoSchedule"), Taint("gpu", "infra", "NoExecute")),
        };

        var plan = TolerationPlanner.Plan(nodes, null, [new TaintSpec("node.kubernetes.io/unschedulable", null, "NoSchedule")]);

        // Upstream de-duplicated by value and would have dropped gpu=infra; we keep both.
        Assert.Equal(["dedicated=infra:NoSchedule", "gpu=infra:NoExecute"], plan.Select(t => $"{t.Key}={t.Value}:{t.Effect}"));
    }

    [Fact]
    public void Plan_Given_UsedAsIs()
    {
        var given = new List<V1Toleration> { new() { Key = "x", OperatorProperty = "Exists" } };
        Assert.Equal(given, TolerationPlanner.Plan([Node("a", null, Taint("dedicated", "infra", "NoSchedule"))], given, []));
    }

    [Fact]
    public void NeedsPod_SelectorAndTaints()
    {
        var selector = new Dictionary<string, string> { ["pool"] = "a" };
        var tolerations = new List<V1Toleration> { new() { Key = "dedicated", OperatorProperty = "Equal", Value = "infra", Effect = "NoSchedule" } };

        Assert.True(NodeEligibility.NeedsPod(Node("n", new() { ["pool"] = "a" }), selector, []));
        Assert.False(NodeEligibility.NeedsPod(Node("n", new() { ["pool"] = "b" }), selector, []));
        Assert.False(NodeEligibility.NeedsPod(Node("n"), selector, []));
        Assert.True(NodeEligibility.NeedsPod(Node("n", null, Taint("dedicated", "infra", "NoSchedule")), NoSelector, tolerations));
        Assert.False(NodeEligibility.NeedsPod(Node("n", null, Taint("dedicated", "other", "NoSchedule")), NoSelector, tolerations));
        Assert.True(NodeEligibility.NeedsPod(Node("n", null, Taint("soft", "x", "PreferNoSchedule")), NoSelector, []));
        // A cordoned node still runs daemon pods: the DaemonSet controller tolerates it.
        Assert.True(NodeEligibility.NeedsPod(Node("n", null, Taint("node.kubernetes.io/unschedulable", null, "NoSchedule")), NoSelector, []));
    }

    [Fact]
    public void NodesMissingPod_ReadyPodBoundToTheNodeCounts()
    {
        var nodes = new[] { Node("a"), Node("b"), Node("c"), Node("d"), Node("tainted", null, Taint("t", "v", "NoExecute")) };
        var pods = new[] { Pod("a", ready: true), Pod("b", ready: false), Pod("c", ready: true, deleting: true) };

        Assert.Equal(["b", "c", "d"], PodCoverage.NodesMissingPod(nodes, pods, NoSelector, []));
    }

    [Fact]
    public void NodesStillHoldingPod_NamesEachNodeOnce() =>
        Assert.Equal(["a", "b"], PodCoverage.NodesStillHoldingPod([Pod("b", true), Pod("a", false), Pod("a", true)]));

    [Fact]
    public void StatusFallback_ReadyOnlyWhenEveryDesiredPodIsReadyForThisGeneration()
    {
        V1DaemonSet Ds(long generation, long observed, int desired, int ready, int updated) => new()
        {
            Metadata = new V1ObjectMeta { Generation = generation },
            Status = new V1DaemonSetStatus { ObservedGeneration = observed, DesiredNumberScheduled = desired, NumberReady = ready, UpdatedNumberScheduled = updated },
        };

        Assert.True(DaemonSetStatusCheck.AllReady(Ds(1, 1, 3, 3, 3)));
        Assert.False(DaemonSetStatusCheck.AllReady(Ds(1, 1, 3, 2, 3)));
        Assert.False(DaemonSetStatusCheck.AllReady(Ds(2, 1, 3, 3, 3)));
        Assert.False(DaemonSetStatusCheck.AllReady(null));
        Assert.Equal("2 of 3 daemonset pods ready", DaemonSetStatusCheck.Describe(Ds(1, 1, 3, 2, 3)));
    }

    [Fact]
    public void StableCondition_NeedsAnUnbrokenStretch()
    {
        var time = new ManualTimeProvider();
        var stable = new StableCondition(TimeSpan.FromSeconds(5), time);
        Assert.False(stable.Observe(true));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(stable.Observe(false));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(stable.Observe(true));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(stable.Observe(true));
    }

    [Fact]
    public void Builder_NamesLabelsAndPodSpec()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var options = new DaemonsetCheckOptions { Namespace = "kh", Instance = "checker-abc", NodeSelector = new Dictionary<string, string> { ["pool"] = "a" }, PriorityClassName = "high" };
        var name = DaemonSetSpecBuilder.NameFor("daemonset", "checker-abc", now);

        var ds = DaemonSetSpecBuilder.Build(options, name, now, [new V1Toleration { Key = "t", OperatorProperty = "Exists" }], 1000);

        Assert.Equal("daemonset-checker-abc-1700000000", name);
        Assert.Equal("daemonset", ds.Metadata.Labels!["khcheck"]);
        Assert.Equal(ds.Metadata.Labels, ds.Spec!.Selector!.MatchLabels);
        var pod = ds.Spec.Template!.Spec!;
        Assert.Equal("gcr.io/google-containers/pause:3.1", Assert.Single(pod.Containers!).Image);
        Assert.Equal((1000L, 1000L), (pod.SecurityContext!.RunAsUser, pod.SecurityContext.RunAsGroup));
        var violations = RestrictedProfile.Check(ds.Spec.Template);
        Assert.True(violations.Count == 0, RestrictedProfile.Describe(violations));
        Assert.True(pod.Containers![0].SecurityContext!.ReadOnlyRootFilesystem);
        Assert.Equal(1, pod.TerminationGracePeriodSeconds);
        Assert.Equal("a", pod.NodeSelector!["pool"]);
        Assert.Equal("high", pod.PriorityClassName);
        Assert.Equal("t", Assert.Single(pod.Tolerations!).Key);
        Assert.True(DaemonSetSpecBuilder.NameFor("daemonset", new string('x', 80), now).Length <= 63);
    }
}
