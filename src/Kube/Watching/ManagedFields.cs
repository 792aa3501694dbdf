using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Watching;

/// <summary>
/// Drops <c>metadata.managedFields</c> from objects kept in memory, as client-go informers are told
/// to (<c>TransformStripManagedFields</c>). Nothing here reads them, and each entry's
/// <c>fieldsV1</c> is deserialized as a <see cref="System.Text.Json.JsonElement"/> holding its own
/// copy of that JSON: for a small object such as a khcheck, about as large as its spec. A PUT of
/// an object without them leaves the server's own unchanged (only an empty list would reset them).
/// </summary>
public static class ManagedFields
{
    public static T Strip<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (obj.Metadata is { ManagedFields: not null } metadata)
        {
            metadata.ManagedFields = null;
        }

        return obj;
    }
}
