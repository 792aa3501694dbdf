using System.Text.Json.Nodes;
using k8s;

namespace HealthChecks.TestKit.PodSecurity;

/// <summary>The controls "restricted" adds to "baseline" (or tightens: volumes, seccomp, capabilities).</summary>
internal static class RestrictedControls
{
    private const string AddableCapability = "NET_BIND_SERVICE";

    // The inline volume sources allowed ("image" only from 1.33, so refused: pods must pass on 1.31).
    private static readonly HashSet<string> VolumeTypes = new(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
    };

    public static IEnumerable<PodSecurityViolation> Volumes(PodUnderCheck pod)
    {
        foreach (var (volume, i) in (pod.Spec.Volumes ?? []).Select((v, i) => (v, i)))
        {
            // The source is the volume's one field besides its name; read from JSON so that every
            // type (also ones this list never heard of) is named. None at all: the API server makes
            // it an emptyDir.
            var json = JsonNode.Parse(KubernetesJson.Serialize(volume))?.AsObject() ?? [];
            var source = json.Select(p => p.Key).FirstOrDefault(k => k != "name") ?? "emptyDir";
            if (!VolumeTypes.Contains(source))
            {
                var why = source == "image" ? "image volumes are allowed only from Kubernetes 1.33" : $"{source} volumes are not allowed";
                yield return new("Volume Types", $"spec.volumes[{i}].{source}", why);
            }
        }
    }

    public static IEnumerable<PodSecurityViolation> PrivilegeEscalation(PodUnderCheck pod) =>
        pod.IsWindows ? [] : pod.Containers.Where(c => c.SecurityContext?.AllowPrivilegeEscalation != false)
            .Select(c => new PodSecurityViolation("Privilege Escalation", c.Security("allowPrivilegeEscalation"), "must be false"));

    /// <summary>
    /// runAsNonRoot true at pod level (containers may leave it unset) or in every container; false
    /// anywhere is refused. Kubernetes 1.35 waives this for pods in a user namespace (hostUsers:
    /// false); older versions do not, so neither do we.
    /// </summary>
    public static IEnumerable<PodSecurityViolation> RunAsNonRoot(PodUnderCheck pod)
    {
        var podValue = pod.Spec.SecurityContext?.RunAsNonRoot;
        if (podValue == false)
        {
            yield return new("Running as Non-root", "spec.securityContext.runAsNonRoot", "must be true");
        }

        foreach (var c in pod.Containers)
        {
            var value = c.SecurityContext?.RunAsNonRoot;
            if (value == false || (value is null && podValue != true))
            {
                yield return new("Running as Non-root", c.Security("runAsNonRoot"), value is null ? "must be true (here or in spec.securityContext)" : "must be true");
            }
        }
    }

    public static IEnumerable<PodSecurityViolation> RunAsUser(PodUnderCheck pod)
    {
        if (pod.Spec.SecurityContext?.RunAsUser == 0)
        {
            yield return new("Running as Non-root user", "spec.securityContext.runAsUser", "must not be 0");
        }

        foreach (var c in pod.Containers.Where(c => c.SecurityContext?.RunAsUser == 0))
        {
            yield return new("Running as Non-root user", c.Security("runAsUser"), "must not be 0");
        }
    }

    /// <summary>RuntimeDefault or Localhost at pod level (containers may leave it unset) or in every container.</summary>
    public static IEnumerable<PodSecurityViolation> Seccomp(PodUnderCheck pod)
    {
        if (pod.IsWindows)
        {
            yield break;
        }

        var podProfile = pod.Spec.SecurityContext?.SeccompProfile;
        if (podProfile is not null && !IsConfinedSeccomp(podProfile.Type))
        {
            yield return new("Seccomp", "spec.securityContext.seccompProfile.type", $"must be RuntimeDefault or Localhost, not \"{podProfile.Type}\"");
        }

        foreach (var c in pod.Containers)
        {
            var profile = c.SecurityContext?.SeccompProfile;
            if (profile is not null && !IsConfinedSeccomp(profile.Type))
            {
                yield return new("Seccomp", c.Security("seccompProfile.type"), $"must be RuntimeDefault or Localhost, not \"{profile.Type}\"");
            }
            else if (profile is null && !IsConfinedSeccomp(podProfile?.Type))
            {
                yield return new("Seccomp", c.Security("seccompProfile.type"), "must be RuntimeDefault or Localhost (here or in spec.securityContext)");
            }
        }
    }

    public static IEnumerable<PodSecurityViolation> Capabilities(PodUnderCheck pod)
    {
        if (pod.IsWindows)
        {
            yield break;
        }

        foreach (var c in pod.Containers)
        {
            var capabilities = c.SecurityContext?.Capabilities;
            if (!(capabilities?.Drop ?? []).Contains("ALL", StringComparer.Ordinal))
            {
                yield return new("Capabilities", c.Security("capabilities.drop"), "must include ALL");
            }

            foreach (var (added, i) in (capabilities?.Add ?? []).Select((a, i) => (a, i)).Where(x => x.a != AddableCapability))
            {
                yield return new("Capabilities", c.Security($"capabilities.add[{i}]"), $"may only be {AddableCapability}, not \"{added}\"");
            }
        }
    }

    private static bool IsConfinedSeccomp(string? type) => type is "RuntimeDefault" or "Localhost";
}
