namespace HealthChecks.Kube.Models;

/// <summary>A pod volume. Only the common sources are typed; any other (projected, hostPath, ...) stays in ExtensionData.</summary>
public sealed class V1Volume : KubeModel
{
    public string? Name { get; set; }

    public V1EmptyDirVolumeSource? EmptyDir { get; set; }

    public V1ConfigMapVolumeSource? ConfigMap { get; set; }

    public V1SecretVolumeSource? Secret { get; set; }
}
