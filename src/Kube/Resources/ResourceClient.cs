using System.Runtime.CompilerServices;
using System.Text.Json;
using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Resources;

/// <summary>
/// Typed calls for one kind through the official client's custom-object operations, which serve
/// any group (the empty group is the core API): what <see cref="GenericClient"/> does, plus what
/// a controller needs from it: null for a 404 on read, false for a 404 on delete, the namespace
/// taken from the object, paging, and watches that resume from a resourceVersion with bookmarks.
/// Built-in kinds are otherwise used through the client's own typed calls (<c>CoreV1</c>, <c>AppsV1</c>).
/// </summary>
public sealed class ResourceClient<T>(IKubernetes client, ResourceKind kind)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public IKubernetes Client { get; } = client;

    public ResourceKind Kind { get; } = kind;

    public async Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = Kind.Namespaced
                ? await Client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(Kind.Group, Kind.Version, Required(@namespace, name), Kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await Client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<T>(Kind.Group, Kind.Version, Kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Body;
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>One page; <paramref name="namespace"/> null lists every namespace.</summary>
    public async Task<KubernetesList<T>> ListPageAsync(string? @namespace, ListRequest request, CancellationToken cancellationToken = default)
    {
        // A continue token carries its snapshot's version; the API server refuses both at once.
        var resourceVersion = request.Continue is null ? request.ResourceVersion : null;
        using var response = Kind.Namespaced && !string.IsNullOrEmpty(@namespace)
            ? await Client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                Kind.Group, Kind.Version, @namespace, Kind.Plural,
                continueParameter: request.Continue, fieldSelector: request.FieldSelector, labelSelector: request.LabelSelector, limit: request.Limit,
                resourceVersion: resourceVersion, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await Client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                Kind.Group, Kind.Version, Kind.Plural,
                continueParameter: request.Continue, fieldSelector: request.FieldSelector, labelSelector: request.LabelSelector, limit: request.Limit,
                resourceVersion: resourceVersion, cancellationToken: cancellationToken).ConfigureAwait(false);
        var list = response.Body;
        list.Items ??= [];
        list.Metadata ??= new V1ListMeta();
        return list;
    }

    /// <summary>
    /// Every object, page by page. The result's resourceVersion is the first page's: the pages of
    /// one list are one consistent snapshot, so a watch can start from it.
    /// </summary>
    public async Task<KubernetesList<T>> ListAllAsync(string? @namespace, ListRequest? request = null, CancellationToken cancellationToken = default)
    {
        request = (request ?? new ListRequest()) with { Continue = null };
        var first = await ListPageAsync(@namespace, request, cancellationToken).ConfigureAwait(false);
        var items = new List<T>(first.Items);
        var page = first;
        while (!string.IsNullOrEmpty(page.Metadata.ContinueProperty))
        {
            page = await ListPageAsync(@namespace, request with { Continue = page.Metadata.ContinueProperty }, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
        }

        first.Items = items;
        first.Metadata.ContinueProperty = null;
        return first;
    }

    public async Task<T> CreateAsync(T obj, CancellationToken cancellationToken = default)
    {
        Stamp(obj);
        using var response = Kind.Namespaced
            ? await Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, Kind.Group, Kind.Version, NamespaceOf(obj), Kind.Plural, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await Client.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<T>(obj, Kind.Group, Kind.Version, Kind.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Body;
    }

    /// <summary>PUT: 409 Conflict when <c>metadata.resourceVersion</c> is set and stale.</summary>
    public async Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken = default)
    {
        Stamp(obj);
        var name = NameOf(obj);
        using var response = Kind.Namespaced
            ? await Client.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, Kind.Group, Kind.Version, NamespaceOf(obj), Kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await Client.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync<T>(obj, Kind.Group, Kind.Version, Kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Body;
    }

    public async Task<T> PatchAsync(string? @namespace, string name, V1Patch patch, CancellationToken cancellationToken = default)
    {
        using var response = Kind.Namespaced
            ? await Client.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<T>(patch, Kind.Group, Kind.Version, Required(@namespace, name), Kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await Client.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync<T>(patch, Kind.Group, Kind.Version, Kind.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Body;
    }

    /// <summary>Deletes one object; false when it did not exist (deleting is idempotent).</summary>
    public async Task<bool> DeleteAsync(string? @namespace, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = Kind.Namespaced
                ? await Client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(Kind.Group, Kind.Version, Required(@namespace, name), Kind.Plural, name, body: options, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await Client.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync(Kind.Group, Kind.Version, Kind.Plural, name, body: options, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>
    /// One watch request from <paramref name="request"/>'s resourceVersion, with bookmarks. The
    /// library hands an ERROR event (410 Expired) and an undecodable line only to its error
    /// callback and then ends the stream as if normally; here either is thrown, so a caller that
    /// resumes in a loop cannot mistake an expired watch for a quiet one.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? @namespace, WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Exception? streamError = null;
        void OnError(Exception error) => streamError ??= error;

        var events = Kind.Namespaced && !string.IsNullOrEmpty(@namespace)
            ? Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                Kind.Group, Kind.Version, @namespace, Kind.Plural, allowWatchBookmarks: true,
                fieldSelector: request.FieldSelector, labelSelector: request.LabelSelector, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, onError: OnError, cancellationToken: cancellationToken)
            : Client.CustomObjects.WatchListClusterCustomObjectAsync(
                Kind.Group, Kind.Version, Kind.Plural, allowWatchBookmarks: true,
                fieldSelector: request.FieldSelector, labelSelector: request.LabelSelector, resourceVersion: request.ResourceVersion,
                timeoutSeconds: request.TimeoutSeconds, onError: OnError, cancellationToken: cancellationToken);

        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            var received = false;
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (HttpRequestException ex) when (!received && EndedWithoutALine(ex))
                {
                    // The library reads the first line before it hands out the stream, and a watch
                    // the server closes with nothing in it (timeoutSeconds on a quiet resource)
                    // fails there with EndOfStreamException: that is a clean, empty end.
                    more = false;
                }

                if (!more || streamError is not null)
                {
                    break;
                }

                received = true;
                var (type, obj) = enumerator.Current;
                yield return new WatchEvent<T>(type, Decode(obj));
            }
        }

        if (streamError is not null)
        {
            throw streamError;
        }
    }

    private static bool EndedWithoutALine(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is EndOfStreamException)
            {
                return true;
            }
        }

        return false;
    }

    // The custom-object watch yields each object as a JsonElement; decode it with the client's
    // own serializer settings, as its typed calls do.
    private static T Decode(object obj) => obj switch
    {
        T typed => typed,
        JsonElement json => KubernetesJson.Deserialize<T>(json.GetRawText()),
        _ => throw new JsonException($"unexpected watch object {obj.GetType().Name}"),
    };

    private void Stamp(T obj)
    {
        obj.ApiVersion ??= Kind.ApiVersion;
        obj.Kind ??= Kind.Kind;
    }

    private string NamespaceOf(T obj) => Required(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name);

    private string Required(string? @namespace, string? name) =>
        string.IsNullOrEmpty(@namespace)
            ? throw new ArgumentException($"{Kind.Kind} '{name}' is namespaced: a namespace is required", nameof(@namespace))
            : @namespace;

    private static string NameOf(T obj) =>
        obj.Metadata?.Name ?? throw new ArgumentException("metadata.name is required to address an existing object", nameof(obj));
}
