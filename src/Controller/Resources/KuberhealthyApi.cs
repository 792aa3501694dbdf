using HealthChecks.Kube.Resources;
using k8s;

namespace HealthChecks.Controller.Resources;

/// <summary>The official client, plus typed calls for the three Kuberhealthy kinds (which it has no models for).</summary>
public sealed class KuberhealthyApi(IKubernetes client)
{
    public IKubernetes Client { get; } = client;

    public ResourceClient<KuberhealthyCheck> Checks { get; } = new(client, KhResources.Checks);

    public ResourceClient<KuberhealthyJob> Jobs { get; } = new(client, KhResources.Jobs);

    public ResourceClient<KuberhealthyState> States { get; } = new(client, KhResources.States);
}
