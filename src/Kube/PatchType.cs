namespace HealthChecks.Kube;

public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch: the only kind custom resources accept besides JSON patch.</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch (a list of operations, e.g. a <c>test</c> of resourceVersion).</summary>
    Json,

    /// <summary>Kubernetes strategic merge patch: built-in kinds only.</summary>
    StrategicMerge,
}
