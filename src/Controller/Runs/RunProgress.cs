using HealthChecks.Controller.Resources;
using k8s.Models;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// Decides, from the cached khstate and checker pod, whether a run has ended and how. The run ends
/// at the first of: a stored report, the pod failing to start, the pod ending (or vanishing)
/// without a report, the deadline. A pod that ended is given <see cref="ReportGrace"/> first,
/// because its report and its exit travel on different watches and may arrive in either order.
/// </summary>
public static class RunProgress
{
    public static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(5);

    /// <summary>Waiting reasons with which a container will not start without someone changing something.</summary>
    private static readonly HashSet<string> StartFailures =
    [
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
        "CreateContainerConfigError", "CreateContainerError", "RunContainerError",
    ];

    /// <param name="run">The run being watched.</param>
    /// <param name="state">The khstate as cached now, or null if it is gone.</param>
    /// <param name="pod">The run's pod as cached now, or null if not (or no longer) there.</param>
    /// <param name="podEndedAt">When the leader first saw the pod ended or gone; null while it runs.</param>
    /// <param name="now">The current time.</param>
    public static RunVerdict Decide(RunTicket run, KhStateSpec? state, V1Pod? pod, DateTimeOffset? podEndedAt, DateTimeOffset now)
    {
        if (state is not null && state.Uuid != run.Uuid)
        {
            return new RunVerdict.Superseded();
        }

        if (state is not null && state.ResultUuid == run.Uuid)
        {
            return new RunVerdict.Reported();
        }

        if (StartFailure(pod) is { } startFailure)
        {
            return new RunVerdict.Failed(RunResult.Failure(FailureReason.PodStartFailed, $"the checker pod could not start: {startFailure}"));
        }

        if (podEndedAt is { } endedAt)
        {
            if (now < endedAt + ReportGrace && now < run.Deadline)
            {
                return new RunVerdict.Wait(Min(endedAt + ReportGrace, run.Deadline));
            }

            return new RunVerdict.Failed(RunResult.Failure(FailureReason.PodFailed, EndedWithoutReport(run, pod)));
        }

        if (now >= run.Deadline)
        {
            var timeout = GoDuration.Format(run.Deadline - run.Started);
            if (pod?.Status?.Phase is null or "Pending")
            {
                var why = Unschedulable(pod) is { } message ? ": " + message : "";
                return new RunVerdict.Failed(RunResult.Failure(
                    FailureReason.PodStartFailed, $"the checker pod did not start within the timeout of {timeout}{why}"));
            }

            return new RunVerdict.Failed(RunResult.Failure(
                FailureReason.Timeout, $"timed out after {timeout} waiting for the checker pod to report in"));
        }

        return new RunVerdict.Wait(run.Deadline);
    }

    /// <summary>True once the pod has finished (or was deleted): then only a report already sent can come.</summary>
    public static bool HasEnded(V1Pod? pod) =>
        pod is null || pod.Metadata.DeletionTimestamp is not null || pod.Status?.Phase is "Succeeded" or "Failed";

    private static string? StartFailure(V1Pod? pod)
    {
        foreach (var status in pod?.Status?.ContainerStatuses ?? [])
        {
            if (status.State?.Waiting is { Reason: { } reason } waiting && StartFailures.Contains(reason))
            {
                return string.IsNullOrWhiteSpace(waiting.Message) ? reason : $"{reason}: {Scrubbed(waiting.Message, pod!)}";
            }
        }

        return null;
    }

    private static string? Unschedulable(V1Pod? pod) =>
        pod?.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False") is { } condition
            ? $"{condition.Reason}: {Scrubbed(condition.Message ?? "", pod)}".Trim(' ', ':')
            : null;

    // The kubelet's and scheduler's texts may name the pod and its UID (see PodNameScrub).
    private static string Scrubbed(string message, V1Pod pod) =>
        PodNameScrub.Scrub(message, pod.Metadata?.Name ?? "", pod.Metadata?.NamespaceProperty, pod.Metadata?.Uid);

    private static string EndedWithoutReport(RunTicket run, V1Pod? pod)
    {
        if (pod is null || pod.Metadata.DeletionTimestamp is not null)
        {
            return "the checker pod was deleted before it reported";
        }

        var terminated = pod.Status?.ContainerStatuses?
            .Select(s => s.State?.Terminated)
            .FirstOrDefault(t => t is not null && t.ExitCode != 0)
            ?? pod.Status?.ContainerStatuses?.Select(s => s.State?.Terminated).FirstOrDefault(t => t is not null);
        var exit = terminated is null ? "" : $" with exit code {terminated.ExitCode}" + (string.IsNullOrEmpty(terminated.Reason) ? "" : $" ({terminated.Reason})");
        return $"the checker pod ended{exit} without reporting";
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
