namespace HealthChecks.Kube.Models;

/// <summary>A config map (core/v1).</summary>
public sealed class V1ConfigMap : KubeObject
{
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Values are base64, as on the wire.</summary>
    public Dictionary<string, string>? BinaryData { get; set; }

    public bool? Immutable { get; set; }
}
