using System.Collections.Concurrent;
using System.Text.Json;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Manifests;

/// <summary>
/// Maps an apiVersion and kind to its REST resource (plural, namespaced) through the discovery
/// endpoints, as kubectl does, caching each group version. A kind not found triggers one fresh
/// read of its group version (a CRD may have been added since).
/// </summary>
public sealed class ApiDiscovery(KubeApiClient client)
{
    private readonly ConcurrentDictionary<string, V1APIResourceList> _groupVersions = new(StringComparer.Ordinal);

    public async Task<ResourceType> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken = default)
    {
        var resource = Find(await GetAsync(apiVersion, refresh: false, cancellationToken).ConfigureAwait(false), kind)
            ?? Find(await GetAsync(apiVersion, refresh: true, cancellationToken).ConfigureAwait(false), kind)
            ?? throw new KubeApiException($"the API server does not serve kind '{kind}' in '{apiVersion}' (is its CRD installed and established?)");
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return new ResourceType(
            slash < 0 ? "" : apiVersion[..slash],
            slash < 0 ? apiVersion : apiVersion[(slash + 1)..],
            resource.Name!,
            kind,
            resource.Namespaced ?? false);
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
            var json = await client.GetRawAsync(path, cancellationToken).ConfigureAwait(false);
            var list = JsonSerializer.Deserialize(json, KubeJsonContext.Default.V1APIResourceList);
            if (list is not null)
            {
                _groupVersions[apiVersion] = list;
            }

            return list;
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    // Subresources ("pods/status") share the kind; the main resource has no slash in its name.
    private static V1APIResource? Find(V1APIResourceList? list, string kind) =>
        list?.Resources?.FirstOrDefault(r => r.Kind == kind && r.Name is { } name && !name.Contains('/', StringComparison.Ordinal));
}
