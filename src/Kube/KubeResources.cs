using HealthChecks.Kube.Models;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube;

/// <summary>The kinds this client knows by type. Anything else goes through <see cref="Custom"/>.</summary>
public static class KubeResources
{
    private static readonly KubeJsonContext Json = KubeJsonContext.Default;

    public static KubeResource<V1Namespace> Namespaces { get; } =
        new(new("", "v1", "namespaces", "Namespace", Namespaced: false), Json.V1Namespace, Json.KubeListV1Namespace);

    public static KubeResource<V1Pod> Pods { get; } =
        new(new("", "v1", "pods", "Pod", Namespaced: true), Json.V1Pod, Json.KubeListV1Pod);

    public static KubeResource<V1Node> Nodes { get; } =
        new(new("", "v1", "nodes", "Node", Namespaced: false), Json.V1Node, Json.KubeListV1Node);

    public static KubeResource<V1Service> Services { get; } =
        new(new("", "v1", "services", "Service", Namespaced: true), Json.V1Service, Json.KubeListV1Service);

    public static KubeResource<V1Endpoints> Endpoints { get; } =
        new(new("", "v1", "endpoints", "Endpoints", Namespaced: true), Json.V1Endpoints, Json.KubeListV1Endpoints);

    public static KubeResource<V1ServiceAccount> ServiceAccounts { get; } =
        new(new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true), Json.V1ServiceAccount, Json.KubeListV1ServiceAccount);

    public static KubeResource<V1Secret> Secrets { get; } =
        new(new("", "v1", "secrets", "Secret", Namespaced: true), Json.V1Secret, Json.KubeListV1Secret);

    public static KubeResource<V1ConfigMap> ConfigMaps { get; } =
        new(new("", "v1", "configmaps", "ConfigMap", Namespaced: true), Json.V1ConfigMap, Json.KubeListV1ConfigMap);

    public static KubeResource<Corev1Event> Events { get; } =
        new(new("", "v1", "events", "Event", Namespaced: true), Json.Corev1Event, Json.KubeListCorev1Event);

    public static KubeResource<V1Deployment> Deployments { get; } =
        new(new("apps", "v1", "deployments", "Deployment", Namespaced: true), Json.V1Deployment, Json.KubeListV1Deployment);

    public static KubeResource<V1DaemonSet> DaemonSets { get; } =
        new(new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true), Json.V1DaemonSet, Json.KubeListV1DaemonSet);

    public static KubeResource<V1ReplicaSet> ReplicaSets { get; } =
        new(new("apps", "v1", "replicasets", "ReplicaSet", Namespaced: true), Json.V1ReplicaSet, Json.KubeListV1ReplicaSet);

    public static KubeResource<V1Lease> Leases { get; } =
        new(new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true), Json.V1Lease, Json.KubeListV1Lease);

    public static KubeResource<V1CustomResourceDefinition> CustomResourceDefinitions { get; } =
        new(new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false),
            Json.V1CustomResourceDefinition, Json.KubeListV1CustomResourceDefinition);

    /// <summary>Any other kind, custom resources included, as a generic object.</summary>
    public static KubeResource<KubeCustomObject> Custom(ResourceType type) =>
        new(type, Json.KubeCustomObject, Json.KubeListKubeCustomObject);
}
