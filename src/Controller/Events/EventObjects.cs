using HealthChecks.Kube;
using k8s.Models;

namespace HealthChecks.Controller.Events;

/// <summary>The Events this controller writes, as client-go's recorder shapes them.</summary>
public static class EventObjects
{
    public const string Component = "healthchecks-controller";

    public const int MaxMessageLength = 1024;

    public static Corev1Event New(V1ObjectReference involved, CheckEvent @event, DateTimeOffset now, string instance) => new()
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new V1ObjectMeta
        {
            // client-go's naming: the object's name and a unique hex suffix.
            Name = $"{involved.Name}.{now.ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}",
            NamespaceProperty = involved.NamespaceProperty,
        },
        InvolvedObject = involved,
        Type = @event.Type,
        Reason = @event.Reason,
        Message = @event.Message.Length <= MaxMessageLength ? @event.Message : @event.Message[..MaxMessageLength] + "…",
        FirstTimestamp = ApiTime.Seconds(now),
        LastTimestamp = ApiTime.Seconds(now),
        Count = 1,
        Source = new V1EventSource { Component = Component },
        ReportingComponent = Component,
        ReportingInstance = instance,
    };
}
