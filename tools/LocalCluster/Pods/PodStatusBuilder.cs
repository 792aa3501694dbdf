using HealthChecks.Kube;
using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>Builds the status the simulator writes for a pod (pure; the caller decides when to write).</summary>
internal static class PodStatusBuilder
{
    public static V1PodStatus Build(string? restartPolicy, IReadOnlyList<ContainerRecord> containers, PodFacts? facts, DateTimeOffset? startTime, ConditionClock clock, DateTimeOffset now)
    {
        var phase = PodPhases.Of(restartPolicy, containers);
        var containersReady = containers.Count > 0 && containers.All(c => c.Ready);
        // A finished pod is not ready, whatever its containers said last.
        var ready = containersReady && !PodPhases.IsTerminal(phase);
        return new V1PodStatus
        {
            Phase = phase,
            HostIP = facts?.HostIp,
            PodIP = facts?.PodIp,
            PodIPs = facts is null ? null : [new V1PodIP { Ip = facts.PodIp }],
            StartTime = startTime is { } started ? ApiTime.Seconds(started) : null,
            Conditions =
            [
                Condition("Initialized", true, clock, now),
                Condition("Ready", ready, clock, now, ready ? null : NotReadyReason(containers)),
                Condition("ContainersReady", ready, clock, now, ready ? null : NotReadyReason(containers)),
            ],
            ContainerStatuses = containers.Select(c => c.ToStatus()).ToList(),
        };
    }

    private static V1PodCondition Condition(string type, bool value, ConditionClock clock, DateTimeOffset now, string? reason = null)
    {
        var status = value ? "True" : "False";
        return new V1PodCondition { Type = type, Status = status, LastTransitionTime = ApiTime.Seconds(clock.Stamp(type, status, now)), Reason = reason };
    }

    private static string NotReadyReason(IReadOnlyList<ContainerRecord> containers) =>
        containers.Any(c => c.IsTerminated) && containers.All(c => !c.IsRunning) ? "PodCompleted" : "ContainersNotReady";
}
