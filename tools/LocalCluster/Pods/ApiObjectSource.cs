using HealthChecks.Kube;
using HealthChecks.Kube.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>Env references read with the simulator's own (admin) client, as kubelet reads them with its node identity.</summary>
internal sealed class ApiObjectSource(KubeApiClient client) : IPodObjectSource
{
    public Task<V1Secret?> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        client.GetAsync(KubeResources.Secrets, @namespace, name, cancellationToken);

    public Task<V1ConfigMap?> GetConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        client.GetAsync(KubeResources.ConfigMaps, @namespace, name, cancellationToken);
}
