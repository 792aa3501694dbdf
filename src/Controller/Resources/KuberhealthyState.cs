using HealthChecks.Kube.Models;

namespace HealthChecks.Controller.Resources;

public sealed class KuberhealthyState : KubeObject
{
    public KhStateSpec Spec { get; set; } = new();
}
