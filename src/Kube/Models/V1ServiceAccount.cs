namespace HealthChecks.Kube.Models;

/// <summary>A service account (core/v1).</summary>
public sealed class V1ServiceAccount : KubeObject
{
    public bool? AutomountServiceAccountToken { get; set; }

    public List<V1ObjectReference>? Secrets { get; set; }

    public List<V1LocalObjectReference>? ImagePullSecrets { get; set; }
}
