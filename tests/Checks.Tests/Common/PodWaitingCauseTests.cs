using HealthChecks.Checks.Common;
using k8s.Models;

namespace HealthChecks.Checks.Tests.Common;

public sealed class PodWaitingCauseTests
{
    private static V1Pod Waiting(string reason, string? message = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p" },
        Status = new V1PodStatus
        {
            Phase = "Pending",
            ContainerStatuses = [new V1ContainerStatus { Name = "main", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } } }],
        },
    };

    private static V1Pod Running() => new()
    {
        Metadata = new V1ObjectMeta { Name = "r" },
        Status = new V1PodStatus
        {
            Phase = "Running",
            ContainerStatuses = [new V1ContainerStatus { Name = "main", State = new V1ContainerState { Running = new V1ContainerStateRunning() } }],
        },
    };

    private static V1Pod Unschedulable(string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = "u" },
        Status = new V1PodStatus { Phase = "Pending", Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = message }] },
    };

    [Fact]
    public void Describe_ImageNotPulled_ReasonAndTheKubeletsMessage() =>
        Assert.Equal(
            "ErrImagePull (image \"registry.invalid/x:1\" is not in the simulator's image map)",
            PodWaitingCause.Describe([Running(), Waiting("ErrImagePull", "image \"registry.invalid/x:1\" is not in the simulator's image map")]));

    [Fact]
    public void Describe_OnePodStillStartingAnotherStuck_NamesTheStuckOne() =>
        Assert.Equal("CrashLoopBackOff (back-off 10s)", PodWaitingCause.Describe([Waiting("ContainerCreating"), Waiting("CrashLoopBackOff", "back-off 10s")]));

    [Fact]
    public void Describe_OnlyStarting_SaysSo() =>
        Assert.Equal("ContainerCreating", PodWaitingCause.Describe([Waiting("ContainerCreating", "  ")]));

    [Fact]
    public void Describe_NotScheduled_TheSchedulersReason() =>
        Assert.Equal("Unschedulable (0/3 nodes are available: 3 Insufficient cpu.)", PodWaitingCause.Describe([Unschedulable("0/3 nodes are available: 3 Insufficient cpu.")]));

    [Fact]
    public void Describe_NothingWaits_Null()
    {
        Assert.Null(PodWaitingCause.Describe([Running()]));
        Assert.Null(PodWaitingCause.Describe([]));
    }

    [Fact]
    public void Format_LongMultiLineMessage_OneBoundedLine()
    {
        var text = PodWaitingCause.Format("ErrImagePull", "rpc error:\n  code = Unknown\tdesc = " + new string('x', 500));

        Assert.StartsWith("ErrImagePull (rpc error: code = Unknown desc = xxx", text, StringComparison.Ordinal);
        Assert.EndsWith("...)", text, StringComparison.Ordinal);
        Assert.Equal("ErrImagePull (".Length + PodWaitingCause.MaxMessageLength + 1, text.Length);
        Assert.DoesNotContain('\n', text);
    }
}
