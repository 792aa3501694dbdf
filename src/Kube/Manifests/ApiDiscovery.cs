using System.Collections.Concurrent;
using HealthChecks.Kube.Resources;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Manifests;

/// <summary>
/// Maps an apiVersion and kind to its REST resource (plural, namespaced) through the discovery
/// endpoints, as kubectl does, caching each group version. A kind not found triggers one fresh
/// read of its group version (a CRD may have been added since). The official client has typed
/// discovery calls for the built-in groups only, so custom groups are read as raw GETs.
/// </summary>
public sealed class ApiDiscovery(Kubernetes client)
{
    private readonly ConcurrentDictionary<string, V1APIResourceList> _groupVersions = new(StringComparer.Ordinal);

    public async Task<ResourceKind> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        var resource = Find(await GetAsync(apiVersion, refresh: false, cancellationToken).ConfigureAwait(false), kind)
            ?? Find(await GetAsync(apiVersion, refresh: true, cancellationToken).ConfigureAwait(false), kind)
            ?? throw new InvalidOperationException($"the API server does not serve kind '{kind}' in '{apiVersion}' (is its CRD installed and established?)");
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return new ResourceKind(
            slash < 0 ? "" : apiVersion[..slash],
            slash < 0 ? apiVersion : apiVersion[(slash + 1)..],
            resource.Name,
            kind,
            resource.Namespaced);
    }

    private async Task<V1APIResourceList?> GetAsync(string apiVersion, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && _groupVersions.TryGetValue(apiVersion, out var cached))
        {
            return cached;
        }

        var path = apiVersion.Contains('/', StringComparison.Ordinal) ? "/apis/" + apiVersion : "/api/" + apiVersion;
        try
        {
            var list = KubernetesJson.Deserialize<V1APIResourceList>(await client.GetStringAsync(path, cancellationToken).ConfigureAwait(false));
            if (list is not null)
            {
                _groupVersions[apiVersion] = list;
            }

            return list;
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    // Subresources ("pods/status") share the kind; the main resource has no slash in its name.
    private static V1APIResource? Find(V1APIResourceList? list, string kind) =>
        list?.Resources?.FirstOrDefault(r => r.Kind == kind && r.Name is { } name && !name.Contains('/', StringComparison.Ordinal));
}
