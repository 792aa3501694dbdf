using System.Text.Json.Nodes;
using HealthChecks.TestKit.PodSecurity;
using k8s.Models;

namespace HealthChecks.Kube.Tests.PodSecurity;

/// <summary>
/// The "restricted" validator (tests/TestKit), rule by rule: a pod that complies passes, each
/// allowed variation passes, each breach is named with its field path.
/// </summary>
public sealed class RestrictedProfileTests
{
    /// <summary>Complies: pod-level runAsNonRoot and seccomp, each container drops ALL and forbids escalation.</summary>
    private static V1PodSpec Compliant() => new()
    {
        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 999, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
        InitContainers = [new V1Container { Name = "init", Image = "i", SecurityContext = Hardened() }],
        Containers = [new V1Container { Name = "main", Image = "m", SecurityContext = Hardened(), Ports = [new V1ContainerPort { ContainerPort = 8080 }] }],
        EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Image = "d", SecurityContext = Hardened() }],
        Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }],
    };

    private static V1SecurityContext Hardened() => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };

    private static V1SecurityContext First(V1PodSpec pod) => pod.Containers[0].SecurityContext;

    /// <summary>Breaches: a change to the compliant pod, the control it breaks, the path named.</summary>
    private static readonly Dictionary<string, (Action<V1PodSpec, Dictionary<string, string>> Change, string Control, string Path)> Breaches = new()
    {
        ["pod hostProcess"] = ((p, _) => p.SecurityContext.WindowsOptions = new V1WindowsSecurityContextOptions { HostProcess = true }, "HostProcess", "spec.securityContext.windowsOptions.hostProcess"),
        ["container hostProcess"] = ((p, _) => First(p).WindowsOptions = new V1WindowsSecurityContextOptions { HostProcess = true }, "HostProcess", "spec.containers[0].securityContext.windowsOptions.hostProcess"),
        ["hostNetwork"] = ((p, _) => p.HostNetwork = true, "Host Namespaces", "spec.hostNetwork"),
        ["hostPID"] = ((p, _) => p.HostPID = true, "Host Namespaces", "spec.hostPID"),
        ["hostIPC"] = ((p, _) => p.HostIPC = true, "Host Namespaces", "spec.hostIPC"),
        ["privileged"] = ((p, _) => p.InitContainers[0].SecurityContext.Privileged = true, "Privileged Containers", "spec.initContainers[0].securityContext.privileged"),
        ["hostPort"] = ((p, _) => p.Containers[0].Ports[0].HostPort = 8080, "Host Ports", "spec.containers[0].ports[0].hostPort"),
        ["liveness httpGet host"] = ((p, _) => p.Containers[0].LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = 8080, Host = "10.0.0.1" } }, "Host Probes / Lifecycle Hooks", "spec.containers[0].livenessProbe.httpGet.host"),
        ["readiness tcpSocket host"] = ((p, _) => p.Containers[0].ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 8080, Host = "node" } }, "Host Probes / Lifecycle Hooks", "spec.containers[0].readinessProbe.tcpSocket.host"),
        ["preStop httpGet host"] = ((p, _) => p.Containers[0].Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { HttpGet = new V1HTTPGetAction { Port = 80, Host = "x" } } }, "Host Probes / Lifecycle Hooks", "spec.containers[0].lifecycle.preStop.httpGet.host"),
        ["pod AppArmor Unconfined"] = ((p, _) => p.SecurityContext.AppArmorProfile = new V1AppArmorProfile { Type = "Unconfined" }, "AppArmor", "spec.securityContext.appArmorProfile.type"),
        ["container AppArmor Unconfined"] = ((p, _) => First(p).AppArmorProfile = new V1AppArmorProfile { Type = "Unconfined" }, "AppArmor", "spec.containers[0].securityContext.appArmorProfile.type"),
        ["AppArmor annotation unconfined"] = ((_, a) => a["container.apparmor.security.beta.kubernetes.io/main"] = "unconfined", "AppArmor", "metadata.annotations[container.apparmor.security.beta.kubernetes.io/main]"),
        ["SELinux type"] = ((p, _) => p.SecurityContext.SeLinuxOptions = new V1SELinuxOptions { Type = "spc_t" }, "SELinux", "spec.securityContext.seLinuxOptions.type"),
        ["SELinux user"] = ((p, _) => First(p).SeLinuxOptions = new V1SELinuxOptions { User = "system_u" }, "SELinux", "spec.containers[0].securityContext.seLinuxOptions.user"),
        ["SELinux role"] = ((p, _) => First(p).SeLinuxOptions = new V1SELinuxOptions { Role = "object_r" }, "SELinux", "spec.containers[0].securityContext.seLinuxOptions.role"),
        ["procMount Unmasked"] = ((p, _) => First(p).ProcMount = "Unmasked", "/proc Mount Type", "spec.containers[0].securityContext.procMount"),
        ["procMount Unmasked in a user namespace"] = ((p, _) => { p.HostUsers = false; First(p).ProcMount = "Unmasked"; }, "/proc Mount Type", "spec.containers[0].securityContext.procMount"),
        ["unsafe sysctl"] = ((p, _) => p.SecurityContext.Sysctls = [new V1Sysctl { Name = "kernel.msgmax", Value = "1" }], "Sysctls", "spec.securityContext.sysctls[0].name"),
        ["sysctl safe only from 1.32"] = ((p, _) => p.SecurityContext.Sysctls = [new V1Sysctl { Name = "net.ipv4.tcp_rmem", Value = "4096 87380 6291456" }], "Sysctls", "spec.securityContext.sysctls[0].name"),
        ["hostPath volume"] = ((p, _) => p.Volumes.Add(new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/" } }), "Volume Types", "spec.volumes[1].hostPath"),
        ["nfs volume"] = ((p, _) => p.Volumes.Add(new V1Volume { Name = "nfs", Nfs = new V1NFSVolumeSource { Server = "s", Path = "/" } }), "Volume Types", "spec.volumes[1].nfs"),
        ["image volume (allowed from 1.33)"] = ((p, _) => p.Volumes.Add(new V1Volume { Name = "img", Image = new V1ImageVolumeSource { Reference = "r" } }), "Volume Types", "spec.volumes[1].image"),
        ["allowPrivilegeEscalation unset"] = ((p, _) => p.EphemeralContainers[0].SecurityContext.AllowPrivilegeEscalation = null, "Privilege Escalation", "spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation"),
        ["allowPrivilegeEscalation true"] = ((p, _) => First(p).AllowPrivilegeEscalation = true, "Privilege Escalation", "spec.containers[0].securityContext.allowPrivilegeEscalation"),
        ["pod runAsNonRoot false"] = ((p, _) => p.SecurityContext.RunAsNonRoot = false, "Running as Non-root", "spec.securityContext.runAsNonRoot"),
        ["runAsNonRoot nowhere"] = ((p, _) => p.SecurityContext.RunAsNonRoot = null, "Running as Non-root", "spec.initContainers[0].securityContext.runAsNonRoot"),
        ["container runAsNonRoot false over pod true"] = ((p, _) => First(p).RunAsNonRoot = false, "Running as Non-root", "spec.containers[0].securityContext.runAsNonRoot"),
        ["runAsNonRoot nowhere in a user namespace"] = ((p, _) => { p.HostUsers = false; p.SecurityContext.RunAsNonRoot = null; }, "Running as Non-root", "spec.containers[0].securityContext.runAsNonRoot"),
        ["pod runAsUser 0"] = ((p, _) => p.SecurityContext.RunAsUser = 0, "Running as Non-root user", "spec.securityContext.runAsUser"),
        ["container runAsUser 0"] = ((p, _) => First(p).RunAsUser = 0, "Running as Non-root user", "spec.containers[0].securityContext.runAsUser"),
        ["seccomp nowhere"] = ((p, _) => p.SecurityContext.SeccompProfile = null, "Seccomp", "spec.containers[0].securityContext.seccompProfile.type"),
        ["pod seccomp Unconfined"] = ((p, _) => p.SecurityContext.SeccompProfile.Type = "Unconfined", "Seccomp", "spec.securityContext.seccompProfile.type"),
        ["container seccomp Unconfined over pod RuntimeDefault"] = ((p, _) => First(p).SeccompProfile = new V1SeccompProfile { Type = "Unconfined" }, "Seccomp", "spec.containers[0].securityContext.seccompProfile.type"),
        ["capabilities not dropped"] = ((p, _) => First(p).Capabilities = null, "Capabilities", "spec.containers[0].securityContext.capabilities.drop"),
        ["capabilities drop without ALL"] = ((p, _) => First(p).Capabilities.Drop = ["NET_RAW"], "Capabilities", "spec.containers[0].securityContext.capabilities.drop"),
        ["capability added"] = ((p, _) => First(p).Capabilities.Add = ["NET_BIND_SERVICE", "CHOWN"], "Capabilities", "spec.containers[0].securityContext.capabilities.add[1]"),
    };

    /// <summary>Allowed variations of the compliant pod: each still passes.</summary>
    private static readonly Dictionary<string, Action<V1PodSpec, Dictionary<string, string>>> Allowed = new()
    {
        ["host namespaces false"] = (p, _) => { p.HostNetwork = false; p.HostPID = false; p.HostIPC = false; },
        ["hostProcess false"] = (p, _) => First(p).WindowsOptions = new V1WindowsSecurityContextOptions { HostProcess = false },
        ["privileged false"] = (p, _) => First(p).Privileged = false,
        ["hostPort 0"] = (p, _) => p.Containers[0].Ports[0].HostPort = 0,
        ["probes and hooks without host"] = (p, _) =>
        {
            p.Containers[0].LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = 8080, Host = "" } };
            p.Containers[0].ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 8080 } };
            p.Containers[0].Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { HttpGet = new V1HTTPGetAction { Port = 80 } } };
        },
        ["AppArmor RuntimeDefault and Localhost"] = (p, _) =>
        {
            p.SecurityContext.AppArmorProfile = new V1AppArmorProfile { Type = "RuntimeDefault" };
            First(p).AppArmorProfile = new V1AppArmorProfile { Type = "Localhost", LocalhostProfile = "k8s-nginx" };
        },
        ["AppArmor annotations runtime/default and localhost"] = (_, a) =>
        {
            a["container.apparmor.security.beta.kubernetes.io/main"] = "runtime/default";
            a["container.apparmor.security.beta.kubernetes.io/init"] = "localhost/k8s-nginx";
        },
        ["SELinux allowed types and level"] = (p, _) =>
        {
            p.SecurityContext.SeLinuxOptions = new V1SELinuxOptions { Type = "container_t", Level = "s0:c123,c456" };
            First(p).SeLinuxOptions = new V1SELinuxOptions { Type = "container_engine_t" };
        },
        ["procMount Default"] = (p, _) => First(p).ProcMount = "Default",
        ["safe sysctls"] = (p, _) => p.SecurityContext.Sysctls = [new V1Sysctl { Name = "net.ipv4.ip_unprivileged_port_start", Value = "80" }, new V1Sysctl { Name = "net.ipv4.tcp_keepalive_time", Value = "60" }],
        ["allowed volume types"] = (p, _) => p.Volumes =
        [
            new V1Volume { Name = "cm", ConfigMap = new V1ConfigMapVolumeSource { Name = "c" } },
            new V1Volume { Name = "s", Secret = new V1SecretVolumeSource { SecretName = "s" } },
            new V1Volume { Name = "pvc", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "c" } },
            new V1Volume { Name = "proj", Projected = new V1ProjectedVolumeSource { Sources = [] } },
            new V1Volume { Name = "down", DownwardAPI = new V1DownwardAPIVolumeSource() },
            new V1Volume { Name = "csi", Csi = new V1CSIVolumeSource { Driver = "d" } },
            new V1Volume { Name = "eph", Ephemeral = new V1EphemeralVolumeSource() },
            new V1Volume { Name = "defaulted" },
        ],
        ["runAsNonRoot in every container instead of the pod"] = (p, _) =>
        {
            p.SecurityContext.RunAsNonRoot = null;
            p.InitContainers[0].SecurityContext.RunAsNonRoot = true;
            First(p).RunAsNonRoot = true;
            p.EphemeralContainers[0].SecurityContext.RunAsNonRoot = true;
        },
        ["runAsUser non-zero or unset"] = (p, _) => { p.SecurityContext.RunAsUser = null; First(p).RunAsUser = 101; },
        ["seccomp in every container instead of the pod"] = (p, _) =>
        {
            p.SecurityContext.SeccompProfile = null;
            p.InitContainers[0].SecurityContext.SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" };
            First(p).SeccompProfile = new V1SeccompProfile { Type = "Localhost", LocalhostProfile = "profiles/p.json" };
            p.EphemeralContainers[0].SecurityContext.SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" };
        },
        ["NET_BIND_SERVICE added"] = (p, _) => First(p).Capabilities.Add = ["NET_BIND_SERVICE"],
        ["Windows pod without the Linux-only fields"] = (p, _) =>
        {
            p.Os = new V1PodOS { Name = "windows" };
            p.SecurityContext.SeccompProfile = null;
            foreach (var c in p.Containers.Concat(p.InitContainers))
            {
                c.SecurityContext.AllowPrivilegeEscalation = null;
                c.SecurityContext.Capabilities = null;
            }

            p.EphemeralContainers[0].SecurityContext.AllowPrivilegeEscalation = null;
            p.EphemeralContainers[0].SecurityContext.Capabilities = null;
        },
    };

    public static TheoryData<string> BreachNames => [.. Breaches.Keys];

    public static TheoryData<string> AllowedNames => [.. Allowed.Keys];

    [Fact]
    public void CompliantPod_Passes() => Assert.Empty(RestrictedProfile.Check(Compliant()));

    [Theory]
    [MemberData(nameof(AllowedNames))]
    public void AllowedVariation_Passes(string name)
    {
        var (pod, annotations) = (Compliant(), new Dictionary<string, string>());
        Allowed[name](pod, annotations);

        var violations = RestrictedProfile.Check(pod, annotations);

        Assert.True(violations.Count == 0, name + ":\n" + RestrictedProfile.Describe(violations));
    }

    [Theory]
    [MemberData(nameof(BreachNames))]
    public void Breach_IsNamedWithItsPath(string name)
    {
        var (pod, annotations) = (Compliant(), new Dictionary<string, string>());
        var (change, control, path) = Breaches[name];
        change(pod, annotations);

        var violations = RestrictedProfile.Check(pod, annotations);

        Assert.Contains(violations, v => v.Control == control && v.Path == path);
        // Only the control broken: no rule reports what another rule is about.
        Assert.All(violations, v => Assert.Equal(control, v.Control));
    }

    [Fact]
    public void NoSecurityContext_ReportsEveryContainerOnEveryRestrictedControl()
    {
        var pod = new V1PodSpec { Containers = [new V1Container { Name = "a" }, new V1Container { Name = "b" }] };

        var violations = RestrictedProfile.Check(pod);

        Assert.Equal(
            [
                "spec.containers[0].securityContext.allowPrivilegeEscalation", "spec.containers[1].securityContext.allowPrivilegeEscalation",
                "spec.containers[0].securityContext.runAsNonRoot", "spec.containers[1].securityContext.runAsNonRoot",
                "spec.containers[0].securityContext.seccompProfile.type", "spec.containers[1].securityContext.seccompProfile.type",
                "spec.containers[0].securityContext.capabilities.drop", "spec.containers[1].securityContext.capabilities.drop",
            ],
            violations.Select(v => v.Path));
    }

    [Fact]
    public void JsonPodSpec_IsCheckedLikeTheModel()
    {
        var spec = JsonNode.Parse("""
            { "securityContext": { "runAsNonRoot": true, "seccompProfile": { "type": "RuntimeDefault" } },
              "containers": [ { "name": "main", "image": "m",
                "securityContext": { "allowPrivilegeEscalation": false, "capabilities": { "drop": ["ALL"], "add": ["SYS_ADMIN"] } } } ] }
            """)!;
        var annotations = JsonNode.Parse("""{ "container.apparmor.security.beta.kubernetes.io/main": "unconfined" }""");

        var violations = RestrictedProfile.Check(spec, annotations);

        Assert.Equal(["metadata.annotations[container.apparmor.security.beta.kubernetes.io/main]", "spec.containers[0].securityContext.capabilities.add[0]"], violations.Select(v => v.Path));
        Assert.Contains("SYS_ADMIN", violations[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pod_IsCheckedWithItsOwnAnnotations()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", Annotations = new Dictionary<string, string> { ["container.apparmor.security.beta.kubernetes.io/main"] = "unconfined" } },
            Spec = Compliant(),
        };

        var violations = RestrictedProfile.Check(pod);

        Assert.Equal(["metadata.annotations[container.apparmor.security.beta.kubernetes.io/main]"], violations.Select(v => v.Path));
        pod.Metadata.Annotations = null;
        Assert.Empty(RestrictedProfile.Check(pod));
    }
}
