namespace HealthChecks.Kube.Models;

public sealed class V1HTTPGetAction : KubeModel
{
    public string? Path { get; set; }

    public IntOrString? Port { get; set; }

    public string? Host { get; set; }

    public string? Scheme { get; set; }

    public List<V1HTTPHeader>? HttpHeaders { get; set; }
}
