using k8s.Models;

namespace HealthChecks.Checks.Common;

/// <summary>
/// The securityContext of the pods the checks create (the daemonset check's DaemonSet, the
/// deployment check's Deployment): the "restricted" Pod Security Standard, so that they start in
/// namespaces that enforce it (Kubernetes 1.25+ Pod Security Admission). Non-root, no privilege
/// escalation, every capability dropped, the runtime's default seccomp profile.
/// </summary>
public static class RestrictedSecurityContext
{
    /// <summary>The one capability restricted lets a container add: binding ports below 1024.</summary>
    public const string BindPrivilegedPorts = "NET_BIND_SERVICE";

    /// <summary>
    /// Pod level: run as non-root (as <paramref name="runAsUser"/>/<paramref name="runAsGroup"/>
    /// when given, else as the image's own numeric USER, which the kubelet checks) under seccomp
    /// RuntimeDefault.
    /// </summary>
    public static V1PodSecurityContext ForPod(long? runAsUser = null, long? runAsGroup = null) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = runAsUser,
        RunAsGroup = runAsGroup,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>
    /// Container level: no privilege escalation, every capability dropped; with
    /// <paramref name="listensBelow1024"/> NET_BIND_SERVICE added back, which a non-root process
    /// needs to listen on such a port (where the runtime grants it; the restricted profile allows it);
    /// <paramref name="readOnlyRootFilesystem"/> for images that write nothing.
    /// </summary>
    public static V1SecurityContext ForContainer(bool listensBelow1024 = false, bool readOnlyRootFilesystem = false) => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = readOnlyRootFilesystem ? true : null,
        Capabilities = new V1Capabilities { Drop = ["ALL"], Add = listensBelow1024 ? [BindPrivilegedPorts] : null },
    };
}
