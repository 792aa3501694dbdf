namespace HealthChecks.Kube.Models;

public sealed class V1APIResource : KubeModel
{
    /// <summary>The plural, or <c>plural/subresource</c> (e.g. <c>pods/status</c>).</summary>
    public string? Name { get; set; }

    public string? SingularName { get; set; }

    public bool? Namespaced { get; set; }

    public string? Group { get; set; }

    public string? Version { get; set; }

    public string? Kind { get; set; }

    public List<string>? Verbs { get; set; }

    public List<string>? ShortNames { get; set; }

    public List<string>? Categories { get; set; }

    public string? StorageVersionHash { get; set; }
}
