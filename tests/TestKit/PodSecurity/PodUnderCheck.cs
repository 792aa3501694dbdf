using k8s.Models;

namespace HealthChecks.TestKit.PodSecurity;

/// <summary>A pod's spec with what the controls read from it: its containers, annotations, OS.</summary>
internal sealed class PodUnderCheck(V1PodSpec spec, IDictionary<string, string>? annotations)
{
    public V1PodSpec Spec { get; } = spec;

    public IReadOnlyList<PodContainer> Containers { get; } = PodContainer.All(spec);

    public IReadOnlyDictionary<string, string> Annotations { get; } = new Dictionary<string, string>(annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);

    /// <summary>Windows pods are exempt from the Linux-only controls (privilege escalation, seccomp, capabilities).</summary>
    public bool IsWindows => Spec.Os?.Name == "windows";
}
