using k8s;

namespace HealthChecks.Kube.Watching;

#pragma warning disable CA1720 // "Object" is the wire name, as in the official client's WatchEvent
public readonly record struct WatchEvent<T>(WatchEventType Type, T Object);
#pragma warning restore CA1720
