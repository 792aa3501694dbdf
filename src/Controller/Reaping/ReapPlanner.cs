using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s.Models;

namespace HealthChecks.Controller.Reaping;

/// <summary>
/// Chooses what the reaper deletes, from the caches alone: per check keep the newest
/// <c>maxCompletedPodCount</c> succeeded and <c>maxErrorPodCount</c> failed checker pods; delete
/// pods older than <c>maxCheckPodAge</c>; delete a pod still running after its run's deadline
/// (plus a grace); delete completed khjobs older than <c>maxKHJobAge</c>; delete khstates whose
/// check and job are both gone.
/// </summary>
public static class ReapPlanner
{
    /// <summary>Time a pod past its deadline gets to wind down before it is deleted.</summary>
    public static readonly TimeSpan DeadlineGrace = TimeSpan.FromMinutes(1);

    public static List<ReapDecision> Plan(
        IReadOnlyCollection<V1Pod> pods,
        IReadOnlyCollection<KuberhealthyCheck> checks,
        IReadOnlyCollection<KuberhealthyJob> jobs,
        IReadOnlyCollection<KuberhealthyState> states,
        ControllerOptions options,
        DateTimeOffset now)
    {
        var decisions = new List<ReapDecision>();
        var live = pods.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        var deadlines = states.ToDictionary(s => ControllerCaches.KeyOf(s), s => s.Spec);

        foreach (var pod in live)
        {
            var created = pod.Metadata.CreationTimestamp ?? now;
            var finished = pod.Status?.Phase is "Succeeded" or "Failed";
            if (finished && now - created > options.MaxCheckPodAge)
            {
                decisions.Add(PodDecision(pod, ReapDecision.Expired));
            }
            else if (!finished && PastDeadline(pod, deadlines, now))
            {
                decisions.Add(PodDecision(pod, ReapDecision.PastDeadline));
            }
        }

        var chosen = decisions.Select(d => d.Name).ToHashSet();
        foreach (var group in live.Where(p => !chosen.Contains(p.Metadata.Name!)).GroupBy(ControllerCaches.KeyOfPod))
        {
            decisions.AddRange(Oldest(group.Where(p => p.Status?.Phase == "Succeeded"), options.MaxCompletedPodCount)
                .Select(p => PodDecision(p, ReapDecision.Completed)));
            decisions.AddRange(Oldest(group.Where(p => p.Status?.Phase == "Failed"), options.MaxErrorPodCount)
                .Select(p => PodDecision(p, ReapDecision.Failed)));
        }

        decisions.AddRange(jobs
            .Where(j => j.Spec.Phase == KhJobPhase.Completed && now - (j.Metadata.CreationTimestamp ?? now) > options.MaxKHJobAge)
            .Select(j => new ReapDecision("KuberhealthyJob", j.Metadata.NamespaceProperty!, j.Metadata.Name!, ReapDecision.JobExpired)));

        var owners = checks.Select(ControllerCaches.KeyOf).Concat(jobs.Select(ControllerCaches.KeyOf)).ToHashSet();
        decisions.AddRange(states
            .Where(s => !owners.Contains(ControllerCaches.KeyOf(s)))
            .Select(s => new ReapDecision("KuberhealthyState", s.Metadata.NamespaceProperty!, s.Metadata.Name!, ReapDecision.Orphaned)));
        return decisions;
    }

    private static bool PastDeadline(V1Pod pod, Dictionary<CheckKey, KhStateSpec> states, DateTimeOffset now)
    {
        var runId = pod.GetLabel(CheckLabels.RunId);
        if (!states.TryGetValue(ControllerCaches.KeyOfPod(pod), out var state) || runId is null)
        {
            return false;
        }

        // The current run's deadline is known exactly; an older run's pod is past its deadline
        // once a newer run started (its own deadline was before that start).
        if (state.Uuid == runId)
        {
            return state.RunDeadline is { } deadline && now > deadline + DeadlineGrace;
        }

        return state.RunStarted is { } started && now > started + DeadlineGrace;
    }

    // Everything beyond the newest `keep` pods, by creation time.
    private static IEnumerable<V1Pod> Oldest(IEnumerable<V1Pod> pods, int keep) =>
        pods.OrderByDescending(p => p.Metadata.CreationTimestamp).ThenByDescending(p => p.Metadata.Name, StringComparer.Ordinal).Skip(Math.Max(0, keep));

    private static ReapDecision PodDecision(V1Pod pod, string reason) =>
        new("Pod", pod.Metadata.NamespaceProperty!, pod.Metadata.Name!, reason);
}
