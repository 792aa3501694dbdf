using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace HealthChecks.TestKit.PodSecurity;

/// <summary>
/// The "restricted" Pod Security Standard, as Pod Security Admission enforces it, for API servers
/// without it (our local 1.20 has none). The strictest reading over Kubernetes 1.31 to 1.36, the
/// versions users run: a rule a newer version relaxes (the user-namespace waivers of 1.35, sysctls
/// and image volumes added later) stays strict, a rule a newer version adds (probe and lifecycle
/// hosts, 1.34) applies. What passes here is admitted by a namespace enforcing restricted (latest)
/// on each of them. Left out, as the standard marks them optional and admission does not enforce
/// them: non-root groups.
/// </summary>
public static class RestrictedProfile
{
    private static readonly Func<PodUnderCheck, IEnumerable<PodSecurityViolation>>[] Controls =
    [
        BaselineControls.HostProcess,
        BaselineControls.HostNamespaces,
        BaselineControls.Privileged,
        BaselineControls.HostPorts,
        BaselineControls.ProbeAndLifecycleHosts,
        BaselineControls.AppArmor,
        BaselineControls.SeLinux,
        BaselineControls.ProcMount,
        BaselineControls.Sysctls,
        RestrictedControls.Volumes,
        RestrictedControls.PrivilegeEscalation,
        RestrictedControls.RunAsNonRoot,
        RestrictedControls.RunAsUser,
        RestrictedControls.Seccomp,
        RestrictedControls.Capabilities,
    ];

    /// <summary>Every violation of the pod spec; <paramref name="annotations"/> are the pod's (AppArmor reads them).</summary>
    public static IReadOnlyList<PodSecurityViolation> Check(V1PodSpec spec, IDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var pod = new PodUnderCheck(spec, annotations);
        return [.. Controls.SelectMany(control => control(pod))];
    }

    /// <summary>A pod template's violations (a Deployment's, a DaemonSet's).</summary>
    public static IReadOnlyList<PodSecurityViolation> Check(V1PodTemplateSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Check(template.Spec, template.Metadata?.Annotations);
    }

    /// <summary>A pod's violations (one the API server holds: after its defaults).</summary>
    public static IReadOnlyList<PodSecurityViolation> Check(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return Check(pod.Spec, pod.Metadata?.Annotations);
    }

    /// <summary>A pod spec as JSON (rendered YAML, a khcheck's <c>spec.podSpec</c>).</summary>
    public static IReadOnlyList<PodSecurityViolation> Check(JsonNode spec, JsonNode? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Check(
            KubernetesJson.Deserialize<V1PodSpec>(spec.ToJsonString()),
            annotations is null ? null : KubernetesJson.Deserialize<Dictionary<string, string>>(annotations.ToJsonString()));
    }

    /// <summary>One line per violation, for assertion messages.</summary>
    public static string Describe(IEnumerable<PodSecurityViolation> violations) =>
        string.Join('\n', violations.Select(v => "  " + v));
}
