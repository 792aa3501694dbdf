namespace HealthChecks.Kube.Models;

public sealed class V1SecurityContext : KubeModel
{
    public long? RunAsUser { get; set; }

    public long? RunAsGroup { get; set; }

    public bool? RunAsNonRoot { get; set; }

    public bool? ReadOnlyRootFilesystem { get; set; }

    public bool? AllowPrivilegeEscalation { get; set; }

    public bool? Privileged { get; set; }

    public V1Capabilities? Capabilities { get; set; }

    public V1SeccompProfile? SeccompProfile { get; set; }
}
