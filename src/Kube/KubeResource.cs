using System.Text.Json.Serialization.Metadata;
using HealthChecks.Kube.Models;

namespace HealthChecks.Kube;

/// <summary>
/// A kind together with the source-generated JSON contracts for its objects and lists, so that
/// every client call is typed and trimming-safe.
/// </summary>
public sealed class KubeResource<T>(ResourceType type, JsonTypeInfo<T> typeInfo, JsonTypeInfo<KubeList<T>> listTypeInfo)
    where T : IKubernetesObject
{
    public ResourceType Type { get; } = type;

    public JsonTypeInfo<T> TypeInfo { get; } = typeInfo;

    public JsonTypeInfo<KubeList<T>> ListTypeInfo { get; } = listTypeInfo;

    public override string ToString() => Type.ApiVersion + "/" + Type.Plural;
}
