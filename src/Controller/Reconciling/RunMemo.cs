using HealthChecks.Controller.Runs;
using k8s.Models;

namespace HealthChecks.Controller.Reconciling;

/// <summary>
/// What the leader saw of one run that the khstate does not say: whether it created the run's
/// pod, whether the pod was ever in the cache, when it was first seen ended or gone. Kept in
/// memory for the term only; a new leader starts without it and decides conservatively.
/// </summary>
public sealed class RunMemo(string runUuid)
{
    public string RunUuid { get; } = runUuid;

    /// <summary>This leader's create of the pod succeeded (or found it existing).</summary>
    public bool PodCreated { get; set; }

    public DateTimeOffset? PodCreatedAt { get; set; }

    /// <summary>Tries at creating the pod that failed, and the last failure.</summary>
    public int CreateFailures { get; set; }

    public string? LastCreateError { get; set; }

    /// <summary>The pod was in the cache at some point.</summary>
    public bool PodSeen { get; set; }

    /// <summary>When the pod was first seen ended or gone.</summary>
    public DateTimeOffset? PodEndedAt { get; set; }

    /// <summary>A pod missing from the cache was looked up at the API and is really gone.</summary>
    public bool PodConfirmedGone { get; set; }

    /// <summary>Takes in the run's pod as cached now: seen, ended, or gone after it was seen.</summary>
    public void Observe(V1Pod? pod, DateTimeOffset now)
    {
        if (pod is not null)
        {
            PodSeen = true;
            if (RunProgress.HasEnded(pod))
            {
                PodEndedAt ??= now;
            }
        }
        else if (PodSeen)
        {
            PodEndedAt ??= now;
        }
    }
}
