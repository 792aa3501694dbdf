namespace HealthChecks.Kube.Models;

/// <summary>The endpoints of a service (core/v1 <c>Endpoints</c>).</summary>
public sealed class V1Endpoints : KubeObject
{
    public List<V1EndpointSubset>? Subsets { get; set; }
}
