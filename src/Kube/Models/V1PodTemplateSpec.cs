namespace HealthChecks.Kube.Models;

public sealed class V1PodTemplateSpec : KubeModel
{
    public V1ObjectMeta? Metadata { get; set; }

    public V1PodSpec? Spec { get; set; }
}
