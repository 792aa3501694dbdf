namespace HealthChecks.Kube.Models;

public sealed class V1Capabilities : KubeModel
{
    public List<string>? Add { get; set; }

    public List<string>? Drop { get; set; }
}
