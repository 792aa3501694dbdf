using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using HealthChecks.Kube.Configuration;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Serialization;
using HealthChecks.Kube.Watching;

namespace HealthChecks.Kube;

/// <summary>
/// A typed Kubernetes REST client: CRUD, patch, status subresource, delete and delete-collection,
/// paging, and single watch requests. Every non-2xx answer becomes a <see cref="KubeApiException"/>
/// carrying the API's <c>Status</c>; <see cref="GetAsync{T}"/> returns null for 404 instead.
/// </summary>
public sealed partial class KubeApiClient : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly KubeClientConfiguration _config;

    public KubeApiClient(KubeClientConfiguration config, HttpMessageHandler? handler = null)
    {
        _config = config;
        // No HttpClient-wide timeout: watches are long-lived; every other call gets RequestTimeout.
        _http = new HttpClient(handler ?? KubeHttpHandler.Create(config), disposeHandler: true)
        {
            BaseAddress = config.Server,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("healthchecks", "1.0"));
    }

    public KubeClientConfiguration Configuration => _config;

    /// <summary>Uses the standard discovery order (KUBECONFIG, ~/.kube/config, in-cluster).</summary>
    public static KubeApiClient FromDefaultConfiguration() => new(KubeConfigLoader.Load());

    public async Task<T?> GetAsync<T>(KubeResource<T> resource, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject
    {
        try
        {
            return await SendAsync(HttpMethod.Get, resource.Type.PathFor(@namespace, name), null, resource.TypeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>One page. Use <see cref="ListAllAsync{T}"/> to follow <c>continue</c> tokens.</summary>
    public Task<KubeList<T>> ListAsync<T>(KubeResource<T> resource, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : IKubernetesObject =>
        SendAsync(HttpMethod.Get, resource.Type.PathFor(@namespace) + (options?.ToQuery() ?? ""), null, resource.ListTypeInfo, cancellationToken);

    /// <summary>
    /// Every object, page by page (<paramref name="pageSize"/> per request). The returned list's
    /// resourceVersion is the one of the first page: the whole list is one consistent snapshot.
    /// </summary>
    public async Task<KubeList<T>> ListAllAsync<T>(KubeResource<T> resource, string? @namespace, ListOptions? options = null, int pageSize = 500, CancellationToken cancellationToken = default)
        where T : IKubernetesObject
    {
        options = (options ?? new ListOptions()) with { Limit = pageSize, Continue = null };
        var first = await ListAsync(resource, @namespace, options, cancellationToken).ConfigureAwait(false);
        var page = first;
        while (!string.IsNullOrEmpty(page.Metadata.Continue))
        {
            page = await ListAsync(resource, @namespace, options with { Continue = page.Metadata.Continue }, cancellationToken).ConfigureAwait(false);
            first.Items.AddRange(page.Items);
        }

        first.Metadata.Continue = null;
        return first;
    }

    public Task<T> CreateAsync<T>(KubeResource<T> resource, T obj, CancellationToken cancellationToken = default)
        where T : IKubernetesObject =>
        SendAsync(HttpMethod.Post, resource.Type.PathFor(NamespaceOf(resource, obj)), Serialize(resource, obj), resource.TypeInfo, cancellationToken);

    /// <summary>PUT: fails with 409 Conflict when <c>metadata.resourceVersion</c> is set and stale.</summary>
    public Task<T> ReplaceAsync<T>(KubeResource<T> resource, T obj, CancellationToken cancellationToken = default)
        where T : IKubernetesObject =>
        SendAsync(HttpMethod.Put, resource.Type.PathFor(NamespaceOf(resource, obj), NameOf(obj)), Serialize(resource, obj), resource.TypeInfo, cancellationToken);

    /// <summary>PUT to the <c>/status</c> subresource: only status changes; spec edits are ignored by the server.</summary>
    public Task<T> ReplaceStatusAsync<T>(KubeResource<T> resource, T obj, CancellationToken cancellationToken = default)
        where T : IKubernetesObject =>
        SendAsync(HttpMethod.Put, resource.Type.PathFor(NamespaceOf(resource, obj), NameOf(obj), "status"), Serialize(resource, obj), resource.TypeInfo, cancellationToken);

    public Task<T> PatchAsync<T>(KubeResource<T> resource, string? @namespace, string name, JsonNode patch, PatchType type = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : IKubernetesObject =>
        SendAsync(HttpMethod.Patch, resource.Type.PathFor(@namespace, name), PatchContent(patch, type), resource.TypeInfo, cancellationToken);

    public Task<T> PatchStatusAsync<T>(KubeResource<T> resource, string? @namespace, string name, JsonNode patch, PatchType type = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : IKubernetesObject =>
        SendAsync(HttpMethod.Patch, resource.Type.PathFor(@namespace, name, "status"), PatchContent(patch, type), resource.TypeInfo, cancellationToken);

    /// <summary>Deletes one object. Returns false when it did not exist (deletion is idempotent).</summary>
    public async Task<bool> DeleteAsync<T>(KubeResource<T> resource, string? @namespace, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : IKubernetesObject
    {
        try
        {
            await SendAsync(HttpMethod.Delete, resource.Type.PathFor(@namespace, name), DeleteContent(options), KubeJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Deletes every object the selectors match in one request.</summary>
    public Task DeleteCollectionAsync<T>(KubeResource<T> resource, string? @namespace, ListOptions? selection = null, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : IKubernetesObject =>
        SendAsync(HttpMethod.Delete, resource.Type.PathFor(@namespace) + (selection?.ToQuery() ?? ""), DeleteContent(options), KubeJsonContext.Default.JsonElement, cancellationToken);

    /// <summary>
    /// One watch request as a stream of events. It ends when the server closes the stream; an
    /// <c>ERROR</c> event is thrown as <see cref="KubeApiException"/> (410 Expired: list again).
    /// <see cref="Watching.ResourceWatcher{T}"/> adds resume, relist, backoff and the idle watchdog.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(KubeResource<T> resource, string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IKubernetesObject
    {
        var path = resource.Type.PathFor(@namespace) + options.ToQuery();
        using var request = NewRequest(HttpMethod.Get, path, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return WatchLineParser.Parse(line, resource.TypeInfo);
            }
        }
    }

    /// <summary>Sends a raw request (discovery, health endpoints) and returns the body as a string.</summary>
    public async Task<string> GetRawAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var timeout = RequestTimeout(cancellationToken);
        using var request = NewRequest(HttpMethod.Get, pathAndQuery, null);
        using var response = await SendChecked(request, timeout.Token, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<TResult> SendAsync<TResult>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken)
    {
        using var timeout = RequestTimeout(cancellationToken);
        using var request = NewRequest(method, path, content);
        using var response = await SendChecked(request, timeout.Token, cancellationToken).ConfigureAwait(false);
        using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, resultType, timeout.Token).ConfigureAwait(false)
            ?? throw new KubeApiException($"{method} {path}: the API server answered with an empty body");
    }

    private async Task<HttpResponseMessage> SendChecked(HttpRequestMessage request, CancellationToken timeoutToken, CancellationToken callerToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri} did not complete within {_config.RequestTimeout}", ex);
        }

        try
        {
            await EnsureSuccessAsync(response, request, timeoutToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private CancellationTokenSource RequestTimeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_config.RequestTimeout);
        return cts;
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (_config.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetToken());
        }
        else if (_config.Username is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_config.Username}:{_config.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        V1Status? status = null;
        try
        {
            status = JsonSerializer.Deserialize(text, KubeJsonContext.Default.V1Status);
        }
        catch (JsonException)
        {
            // Not a Status body (a proxy's HTML page, say): keep the text as the message.
        }

        if (status is null || (status.Kind != "Status" && status.Message is null))
        {
            status = new V1Status { Code = (int)response.StatusCode, Message = text.Length == 0 ? response.ReasonPhrase : text };
        }

        throw new KubeApiException(response.StatusCode, status, $"{request.Method} {request.RequestUri?.OriginalString}");
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static ByteArrayContent Serialize<T>(KubeResource<T> resource, T obj)
        where T : IKubernetesObject
    {
        obj.ApiVersion ??= resource.Type.ApiVersion;
        obj.Kind ??= resource.Type.Kind;
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(obj, resource.TypeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static StringContent PatchContent(JsonNode patch, PatchType type) =>
        new(patch.ToJsonString(), Encoding.UTF8, type switch
        {
            PatchType.Merge => "application/merge-patch+json",
            PatchType.Json => "application/json-patch+json",
            PatchType.StrategicMerge => "application/strategic-merge-patch+json",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        });

    private static ByteArrayContent? DeleteContent(V1DeleteOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(options, KubeJsonContext.Default.V1DeleteOptions));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static string? NamespaceOf<T>(KubeResource<T> resource, T obj)
        where T : IKubernetesObject
    {
        var ns = obj.Metadata.NamespaceProperty;
        if (resource.Type.Namespaced && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{resource.Type.Kind} '{obj.Metadata.Name}' is namespaced: set metadata.namespace", nameof(obj));
        }

        return ns;
    }

    private static string NameOf<T>(T obj)
        where T : IKubernetesObject =>
        obj.Metadata.Name ?? throw new ArgumentException("metadata.name is required to address an existing object", nameof(obj));
}
