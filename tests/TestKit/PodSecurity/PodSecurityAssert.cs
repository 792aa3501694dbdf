using k8s.Models;
using Xunit;

namespace HealthChecks.TestKit.PodSecurity;

/// <summary>Assertions on pods a test saw (a <see cref="PodRecorder"/>'s) against <see cref="RestrictedProfile"/>.</summary>
public static class PodSecurityAssert
{
    /// <summary>At least <paramref name="atLeast"/> pods, and each passes <see cref="RestrictedProfile"/>; the message names every violation.</summary>
    public static void EveryPodRestricted(IReadOnlyCollection<V1Pod> pods, int atLeast)
    {
        ArgumentNullException.ThrowIfNull(pods);
        Assert.True(pods.Count >= atLeast, $"expected at least {atLeast} pods, saw {pods.Count}: {string.Join(", ", pods.Select(p => p.Metadata?.Name))}");
        var failures = pods
            .Select(p => (p.Metadata?.Name, Violations: RestrictedProfile.Check(p)))
            .Where(p => p.Violations.Count > 0)
            .Select(p => $"pod {p.Name}:\n{RestrictedProfile.Describe(p.Violations)}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Waits (10 s at most) until the recorder has seen <paramref name="atLeast"/> pods, then <see cref="EveryPodRestricted(IReadOnlyCollection{V1Pod}, int)"/>.</summary>
    public static async Task EveryPodRestrictedAsync(PodRecorder recorder, int atLeast)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        EveryPodRestricted(await recorder.AtLeastAsync(atLeast), atLeast);
    }
}
