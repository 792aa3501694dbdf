namespace HealthChecks.Kube.Models;

/// <summary>A discovery document: the resources one group/version serves (<c>GET /apis/{group}/{version}</c>).</summary>
public sealed class V1APIResourceList : KubeModel
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? GroupVersion { get; set; }

    public List<V1APIResource>? Resources { get; set; }
}
