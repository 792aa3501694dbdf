using System.Text.Json.Nodes;
using k8s;

namespace HealthChecks.Kube.Manifests;

/// <summary>
/// Creates or replaces the objects of YAML manifests (like <c>kubectl apply</c> for a tool, without
/// the three-way merge): create, and on AlreadyExists replace with the live resourceVersion. Any
/// kind the API server serves works (custom resources included), so documents stay JSON and go
/// through the official client's custom-object calls, which address every group.
/// </summary>
public sealed class ManifestApplier(Kubernetes client, string defaultNamespace = "default")
{
    private readonly ApiDiscovery _discovery = new(client);

    public async Task<IReadOnlyList<JsonObject>> ApplyYamlAsync(string yaml, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var applied = new List<JsonObject>();
        foreach (var document in YamlToJson.ParseDocuments(yaml))
        {
            applied.Add(await ApplyAsync(document, @namespace, cancellationToken).ConfigureAwait(false));
        }

        return applied;
    }

    public async Task<JsonObject> ApplyAsync(JsonNode document, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        if (document is not JsonObject obj)
        {
            throw new FormatException("a manifest document must be a mapping");
        }

        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        var metadata = obj["metadata"] as JsonObject;
        var name = (string?)metadata?["name"];
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind) || metadata is null || string.IsNullOrEmpty(name))
        {
            throw new FormatException($"a manifest needs apiVersion, kind and metadata.name (got '{apiVersion}', '{kind}', '{name}')");
        }

        var type = await _discovery.ResolveAsync(apiVersion, kind, cancellationToken).ConfigureAwait(false);
        var ns = (string?)metadata["namespace"];
        if (type.Namespaced)
        {
            ns ??= @namespace ?? defaultNamespace;
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
            ns = null;
        }

        var objects = client.CustomObjects;
        try
        {
            using var created = ns is null
                ? await objects.CreateClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, type.Plural, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await objects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, ns, type.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            return created.Body;
        }
        catch (Exception ex) when (ex.IsAlreadyExists())
        {
            using var live = ns is null
                ? await objects.GetClusterCustomObjectWithHttpMessagesAsync<JsonObject>(type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await objects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(type.Group, type.Version, ns, type.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            metadata["resourceVersion"] = (string?)live.Body["metadata"]?["resourceVersion"];
            using var replaced = ns is null
                ? await objects.ReplaceClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await objects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, type.Group, type.Version, ns, type.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return replaced.Body;
        }
    }
}
