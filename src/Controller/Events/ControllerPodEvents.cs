using HealthChecks.Controller.Configuration;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Events;

/// <summary>
/// Events about this replica itself, recorded on its own Pod (<c>POD_NAME</c> in
/// <c>POD_NAMESPACE</c>, with <c>POD_UID</c> so that <c>kubectl describe pod</c> lists them), where
/// an operator looks when the controller does not do its work. Out of cluster there is no such
/// Pod; the Event is still listed by <c>kubectl get events</c> in that namespace.
/// </summary>
public sealed class ControllerPodEvents(IKubernetes client, ControllerOptions options, TimeProvider time)
{
    public async Task RecordAsync(CheckEvent @event, CancellationToken cancellationToken)
    {
        var pod = new V1ObjectReference
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Name = options.PodName,
            NamespaceProperty = options.PodNamespace,
            Uid = options.PodUid,
        };
        await client.CoreV1.CreateNamespacedEventAsync(EventObjects.New(pod, @event, time.GetUtcNow(), options.PodName), options.PodNamespace, cancellationToken: cancellationToken);
    }
}
