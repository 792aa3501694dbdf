namespace HealthChecks.Kube.Models;

/// <summary>A secret (core/v1).</summary>
public sealed class V1Secret : KubeObject
{
    public string? Type { get; set; }

    /// <summary>Values are base64, as on the wire.</summary>
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Write-only plain-text values; the API server merges them into <see cref="Data"/>.</summary>
    public Dictionary<string, string>? StringData { get; set; }

    public bool? Immutable { get; set; }
}
