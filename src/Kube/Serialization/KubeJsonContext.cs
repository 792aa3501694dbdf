using System.Text.Json;
using System.Text.Json.Serialization;
using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Serialization;

/// <summary>Source-generated JSON contracts for every model: camelCase, nulls omitted, as the API writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubeTimeConverter)])]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(KubeCustomObject))]
[JsonSerializable(typeof(KubeList<KubeCustomObject>))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(KubeList<V1Namespace>))]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(KubeList<V1Pod>))]
[JsonSerializable(typeof(V1Node))]
[JsonSerializable(typeof(KubeList<V1Node>))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(KubeList<V1Service>))]
[JsonSerializable(typeof(V1Endpoints))]
[JsonSerializable(typeof(KubeList<V1Endpoints>))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(KubeList<V1ServiceAccount>))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(KubeList<V1Secret>))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(KubeList<V1ConfigMap>))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(KubeList<Corev1Event>))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(KubeList<V1Deployment>))]
[JsonSerializable(typeof(V1DaemonSet))]
[JsonSerializable(typeof(KubeList<V1DaemonSet>))]
[JsonSerializable(typeof(V1ReplicaSet))]
[JsonSerializable(typeof(KubeList<V1ReplicaSet>))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(KubeList<V1Lease>))]
[JsonSerializable(typeof(V1CustomResourceDefinition))]
[JsonSerializable(typeof(KubeList<V1CustomResourceDefinition>))]
[JsonSerializable(typeof(V1APIResourceList))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
