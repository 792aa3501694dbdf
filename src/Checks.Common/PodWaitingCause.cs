using k8s.Models;

namespace HealthChecks.Checks.Common;

/// <summary>
/// Why pods that should run do not, for a failure message: the kubelet's waiting reason and message
/// (ErrImagePull names the image, CreateContainerConfigError the missing reference), or else the
/// scheduler's (Unschedulable: "0/3 nodes are available: ..."). A registry's answer can be long,
/// and the message ends up on a status page: it is cut to one line of <see cref="MaxMessageLength"/>.
/// </summary>
public static class PodWaitingCause
{
    public const int MaxMessageLength = 200;

    // Every container passes through these on a healthy start: they tell nothing when another says more.
    private static readonly string[] StartingUp = ["ContainerCreating", "PodInitializing"];

    /// <summary>"Reason (message)" of the most telling waiting container or unscheduled pod; null when none says why.</summary>
    public static string? Describe(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var all = pods.ToList();
        var waiting = all
            .SelectMany(p => p.Status?.ContainerStatuses ?? [])
            .Select(s => s.State?.Waiting)
            .OfType<V1ContainerStateWaiting>()
            .Where(w => !string.IsNullOrEmpty(w.Reason))
            .ToList();
        if ((waiting.Find(w => !StartingUp.Contains(w.Reason)) ?? waiting.FirstOrDefault()) is { } container)
        {
            return Format(container.Reason!, container.Message);
        }

        return all.SelectMany(p => p.Status?.Conditions ?? []).FirstOrDefault(c => c is { Type: "PodScheduled", Status: "False" } && !string.IsNullOrEmpty(c.Reason)) is { } unscheduled
            ? Format(unscheduled.Reason!, unscheduled.Message)
            : null;
    }

    public static string Format(string reason, string? message)
    {
        var line = string.Join(' ', (message ?? "").Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (line.Length == 0)
        {
            return reason;
        }

        return $"{reason} ({(line.Length <= MaxMessageLength ? line : line[..(MaxMessageLength - 3)] + "...")})";
    }
}
