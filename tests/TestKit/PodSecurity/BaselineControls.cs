using k8s.Models;

namespace HealthChecks.TestKit.PodSecurity;

/// <summary>
/// The controls of the "baseline" profile that "restricted" keeps as they are (capabilities,
/// hostPath volumes and seccomp are replaced by stricter restricted controls).
/// </summary>
internal static class BaselineControls
{
    private const string AppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    // The SELinux types a pod may ask for (container_engine_t since 1.31, the oldest we support).
    private static readonly HashSet<string> SeLinuxTypes = new(StringComparer.Ordinal) { "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t" };

    public static IEnumerable<PodSecurityViolation> HostProcess(PodUnderCheck pod)
    {
        if (pod.Spec.SecurityContext?.WindowsOptions?.HostProcess == true)
        {
            yield return new("HostProcess", "spec.securityContext.windowsOptions.hostProcess", "must not be true");
        }

        foreach (var c in pod.Containers.Where(c => c.SecurityContext?.WindowsOptions?.HostProcess == true))
        {
            yield return new("HostProcess", c.Security("windowsOptions.hostProcess"), "must not be true");
        }
    }

    public static IEnumerable<PodSecurityViolation> HostNamespaces(PodUnderCheck pod)
    {
        var spec = pod.Spec;
        foreach (var (field, value) in new[] { ("hostNetwork", spec.HostNetwork), ("hostPID", spec.HostPID), ("hostIPC", spec.HostIPC) })
        {
            if (value == true)
            {
                yield return new("Host Namespaces", "spec." + field, "must not be true");
            }
        }
    }

    public static IEnumerable<PodSecurityViolation> Privileged(PodUnderCheck pod) =>
        pod.Containers.Where(c => c.SecurityContext?.Privileged == true)
            .Select(c => new PodSecurityViolation("Privileged Containers", c.Security("privileged"), "must not be true"));

    public static IEnumerable<PodSecurityViolation> HostPorts(PodUnderCheck pod) =>
        from c in pod.Containers
        from p in (c.Ports ?? []).Select((p, i) => (p, i))
        where p.p.HostPort is { } port && port != 0
        select new PodSecurityViolation("Host Ports", $"{c.Path}.ports[{p.i}].hostPort", $"must be unset or 0, not {p.p.HostPort}");

    /// <summary>Since 1.34: probes and lifecycle hooks may not aim at another host than the pod.</summary>
    public static IEnumerable<PodSecurityViolation> ProbeAndLifecycleHosts(PodUnderCheck pod)
    {
        foreach (var c in pod.Containers)
        {
            var handlers = new (string Field, V1HTTPGetAction? Http, V1TCPSocketAction? Tcp)[]
            {
                ("livenessProbe", c.LivenessProbe?.HttpGet, c.LivenessProbe?.TcpSocket),
                ("readinessProbe", c.ReadinessProbe?.HttpGet, c.ReadinessProbe?.TcpSocket),
                ("startupProbe", c.StartupProbe?.HttpGet, c.StartupProbe?.TcpSocket),
                ("lifecycle.postStart", c.Lifecycle?.PostStart?.HttpGet, c.Lifecycle?.PostStart?.TcpSocket),
                ("lifecycle.preStop", c.Lifecycle?.PreStop?.HttpGet, c.Lifecycle?.PreStop?.TcpSocket),
            };
            foreach (var (field, http, tcp) in handlers)
            {
                if (!string.IsNullOrEmpty(http?.Host))
                {
                    yield return new("Host Probes / Lifecycle Hooks", $"{c.Path}.{field}.httpGet.host", $"must be unset, not \"{http.Host}\"");
                }

                if (!string.IsNullOrEmpty(tcp?.Host))
                {
                    yield return new("Host Probes / Lifecycle Hooks", $"{c.Path}.{field}.tcpSocket.host", $"must be unset, not \"{tcp.Host}\"");
                }
            }
        }
    }

    public static IEnumerable<PodSecurityViolation> AppArmor(PodUnderCheck pod)
    {
        if (pod.Spec.SecurityContext?.AppArmorProfile is { } podProfile && !IsConfinedAppArmor(podProfile.Type))
        {
            yield return new("AppArmor", "spec.securityContext.appArmorProfile.type", $"must be RuntimeDefault or Localhost, not \"{podProfile.Type}\"");
        }

        foreach (var c in pod.Containers)
        {
            if (c.SecurityContext?.AppArmorProfile is { } profile && !IsConfinedAppArmor(profile.Type))
            {
                yield return new("AppArmor", c.Security("appArmorProfile.type"), $"must be RuntimeDefault or Localhost, not \"{profile.Type}\"");
            }
        }

        // The annotations before 1.30's fields; still honoured, so still checked.
        foreach (var (key, value) in pod.Annotations.Where(a => a.Key.StartsWith(AppArmorAnnotationPrefix, StringComparison.Ordinal)).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!(value.Length == 0 || value == "runtime/default" || value.StartsWith("localhost/", StringComparison.Ordinal)))
            {
                yield return new("AppArmor", $"metadata.annotations[{key}]", $"must be runtime/default or localhost/*, not \"{value}\"");
            }
        }
    }

    public static IEnumerable<PodSecurityViolation> SeLinux(PodUnderCheck pod)
    {
        var setters = new List<(string Path, V1SELinuxOptions Options)>();
        if (pod.Spec.SecurityContext?.SeLinuxOptions is { } podOptions)
        {
            setters.Add(("spec.securityContext.seLinuxOptions", podOptions));
        }

        setters.AddRange(pod.Containers.Where(c => c.SecurityContext?.SeLinuxOptions is not null).Select(c => (c.Security("seLinuxOptions"), c.SecurityContext!.SeLinuxOptions)));
        foreach (var (path, options) in setters)
        {
            if (!SeLinuxTypes.Contains(options.Type ?? ""))
            {
                yield return new("SELinux", path + ".type", $"must be unset, container_t, container_init_t, container_kvm_t or container_engine_t, not \"{options.Type}\"");
            }

            if (!string.IsNullOrEmpty(options.User))
            {
                yield return new("SELinux", path + ".user", "must be unset");
            }

            if (!string.IsNullOrEmpty(options.Role))
            {
                yield return new("SELinux", path + ".role", "must be unset");
            }
        }
    }

    /// <summary>Restricted (since 1.35) keeps the default /proc masks even in a user namespace; older versions always did.</summary>
    public static IEnumerable<PodSecurityViolation> ProcMount(PodUnderCheck pod) =>
        pod.Containers.Where(c => c.SecurityContext?.ProcMount is { } mount && mount != "Default")
            .Select(c => new PodSecurityViolation("/proc Mount Type", c.Security("procMount"), $"must be unset or Default, not \"{c.SecurityContext!.ProcMount}\""));

    public static IEnumerable<PodSecurityViolation> Sysctls(PodUnderCheck pod) =>
        (pod.Spec.SecurityContext?.Sysctls ?? []).Select((s, i) => (s, i))
            .Where(x => !SafeSysctls.Contains(x.s.Name ?? ""))
            .Select(x => new PodSecurityViolation("Sysctls", $"spec.securityContext.sysctls[{x.i}].name", SafeSysctls.Refusal(x.s.Name ?? "")));

    private static bool IsConfinedAppArmor(string? type) => type is "RuntimeDefault" or "Localhost";
}
