namespace HealthChecks.Kube.Resources;

/// <summary>The built-in kinds our informers watch (anything else is typed through the official client's own calls).</summary>
public static class BuiltInKinds
{
    public static ResourceKind Pods { get; } = new("", "v1", "pods", "Pod", Namespaced: true);

    public static ResourceKind Nodes { get; } = new("", "v1", "nodes", "Node", Namespaced: false);

    public static ResourceKind Services { get; } = new("", "v1", "services", "Service", Namespaced: true);

    public static ResourceKind Endpoints { get; } = new("", "v1", "endpoints", "Endpoints", Namespaced: true);

    public static ResourceKind ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", Namespaced: true);

    public static ResourceKind Events { get; } = new("", "v1", "events", "Event", Namespaced: true);

    public static ResourceKind Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);
}
