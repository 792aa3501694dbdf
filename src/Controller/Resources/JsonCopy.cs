using k8s;

namespace HealthChecks.Controller.Resources;

/// <summary>A deep copy with the client's own JSON settings: cached objects are shared and must never be changed in place.</summary>
public static class JsonCopy
{
    public static T Of<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
