namespace HealthChecks.Kube.Models;

public sealed class V1VolumeMount : KubeModel
{
    public string? Name { get; set; }

    public string? MountPath { get; set; }

    public bool? ReadOnly { get; set; }

    public string? SubPath { get; set; }

    public string? SubPathExpr { get; set; }

    public string? MountPropagation { get; set; }
}
