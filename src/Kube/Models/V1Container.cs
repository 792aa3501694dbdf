namespace HealthChecks.Kube.Models;

public sealed class V1Container : KubeModel
{
    public string? Name { get; set; }

    public string? Image { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public string? WorkingDir { get; set; }

    public List<V1ContainerPort>? Ports { get; set; }

    public List<V1EnvFromSource>? EnvFrom { get; set; }

    public List<V1EnvVar>? Env { get; set; }

    public V1ResourceRequirements? Resources { get; set; }

    public List<V1VolumeMount>? VolumeMounts { get; set; }

    public V1Probe? LivenessProbe { get; set; }

    public V1Probe? ReadinessProbe { get; set; }

    public V1Probe? StartupProbe { get; set; }

    public string? TerminationMessagePath { get; set; }

    public string? TerminationMessagePolicy { get; set; }

    public string? ImagePullPolicy { get; set; }

    public V1SecurityContext? SecurityContext { get; set; }
}
