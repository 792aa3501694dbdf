namespace HealthChecks.Kube.Models;

public sealed class V1EnvVarSource : KubeModel
{
    public V1ObjectFieldSelector? FieldRef { get; set; }

    public V1ResourceFieldSelector? ResourceFieldRef { get; set; }

    public V1ConfigMapKeySelector? ConfigMapKeyRef { get; set; }

    public V1SecretKeySelector? SecretKeyRef { get; set; }
}
