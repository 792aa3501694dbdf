using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>Where env references are read from: the API server in the simulator, a dictionary in tests.</summary>
internal interface IPodObjectSource
{
    Task<V1Secret?> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken);

    Task<V1ConfigMap?> GetConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken);
}
