namespace HealthChecks.Kube.Models;

public sealed class V1EmptyDirVolumeSource : KubeModel
{
    public string? Medium { get; set; }

    public string? SizeLimit { get; set; }
}
