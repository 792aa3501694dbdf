namespace HealthChecks.Kube.Models;

public sealed class V1ExecAction : KubeModel
{
    public List<string>? Command { get; set; }
}
