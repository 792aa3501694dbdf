using HealthChecks.Kube.Models;

namespace HealthChecks.Controller.Resources;

public sealed class KuberhealthyJob : KubeObject
{
    public KhJobSpec Spec { get; set; } = new();
}
