using HealthChecks.Kube;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>Env references read with the simulator's own (admin) client, as kubelet reads them with its node identity.</summary>
internal sealed class ApiObjectSource(IKubernetes client) : IPodObjectSource
{
    public Task<V1Secret?> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken).OrNullIfNotFound();

    public Task<V1ConfigMap?> GetConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: cancellationToken).OrNullIfNotFound();
}
