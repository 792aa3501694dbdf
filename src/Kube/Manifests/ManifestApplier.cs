using System.Text.Json;
using System.Text.Json.Nodes;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Kube.Manifests;

/// <summary>
/// Creates or replaces the objects of YAML manifests (like <c>kubectl apply</c> for a tool, without
/// the three-way merge): create, and on AlreadyExists replace with the live resourceVersion.
/// </summary>
public sealed class ManifestApplier(KubeApiClient client)
{
    private readonly ApiDiscovery _discovery = new(client);

    public async Task<IReadOnlyList<KubeCustomObject>> ApplyYamlAsync(string yaml, string? defaultNamespace = null, CancellationToken cancellationToken = default)
    {
        var applied = new List<KubeCustomObject>();
        foreach (var document in YamlToJson.ParseDocuments(yaml))
        {
            applied.Add(await ApplyAsync(document, defaultNamespace, cancellationToken).ConfigureAwait(false));
        }

        return applied;
    }

    public async Task<KubeCustomObject> ApplyAsync(JsonNode document, string? defaultNamespace = null, CancellationToken cancellationToken = default)
    {
        var obj = document.Deserialize(KubeJsonContext.Default.KubeCustomObject)
            ?? throw new FormatException("a manifest document is empty");
        if (string.IsNullOrEmpty(obj.ApiVersion) || string.IsNullOrEmpty(obj.Kind) || string.IsNullOrEmpty(obj.Metadata.Name))
        {
            throw new FormatException($"a manifest needs apiVersion, kind and metadata.name (got '{obj.ApiVersion}', '{obj.Kind}', '{obj.Metadata.Name}')");
        }

        var type = await _discovery.ResolveAsync(obj.ApiVersion, obj.Kind, cancellationToken).ConfigureAwait(false);
        if (type.Namespaced)
        {
            obj.Metadata.NamespaceProperty ??= defaultNamespace ?? client.Configuration.Namespace;
        }
        else
        {
            obj.Metadata.NamespaceProperty = null;
        }

        var resource = KubeResources.Custom(type);
        try
        {
            return await client.CreateAsync(resource, obj, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.IsAlreadyExists)
        {
            var live = await client.GetAsync(resource, obj.Metadata.NamespaceProperty, obj.Metadata.Name, cancellationToken).ConfigureAwait(false);
            obj.Metadata.ResourceVersion = live?.Metadata.ResourceVersion;
            return await client.ReplaceAsync(resource, obj, cancellationToken).ConfigureAwait(false);
        }
    }
}
