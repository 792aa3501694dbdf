using HealthChecks.Kube.Models;

namespace HealthChecks.Controller.Resources;

public sealed class KuberhealthyCheck : KubeObject
{
    public KhCheckSpec Spec { get; set; } = new();
}
