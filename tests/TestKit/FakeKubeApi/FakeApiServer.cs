using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using HealthChecks.Kube;
using HealthChecks.Kube.Resources;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.WebUtilities;

namespace HealthChecks.TestKit.FakeKubeApi;

/// <summary>
/// An in-memory Kubernetes API served over loopback HTTP, for unit tests of code that talks to the
/// API through the real official client (<see cref="NewClient"/>). It keeps objects of any kind
/// (<see cref="Objects"/>), answers as the API server does where controllers depend on it (see
/// <see cref="ObjectStore"/>), records every request (<see cref="Requests"/>, <see cref="Count(string, string)"/>),
/// fails, drops or holds requests on demand (<see cref="Faults"/>), and reports every write to a
/// <see cref="ChangeFeed"/> that tests use in place of watches. Watch requests are accepted and
/// never answered (a quiet watch) until the client gives up or the server stops.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ApiRequest> _requests = new();
    private readonly CancellationTokenSource _closing = new();
    private LoopbackHttpServer? _server;

    private FakeApiServer(TimeProvider time)
    {
        Objects = new ObjectStore(Feed, time);
    }

    public Uri BaseUri => _server!.BaseUri;

    public ChangeFeed Feed { get; } = new();

    public ObjectStore Objects { get; }

    public FaultInjector Faults { get; } = new();

    public IReadOnlyList<ApiRequest> Requests => [.. _requests];

    /// <param name="time">The clock of <c>creationTimestamp</c> and <c>deletionTimestamp</c> (the system clock when null).</param>
    public static async Task<FakeApiServer> StartAsync(TimeProvider? time = null)
    {
        var fake = new FakeApiServer(time ?? TimeProvider.System);
        fake._server = await LoopbackHttpServer.StartAsync(fake.RespondAsync);
        return fake;
    }

    /// <summary>A client of the official library for this server (plain HTTP, no credentials).</summary>
    public Kubernetes NewClient(TimeSpan? requestTimeout = null) =>
        KubeClients.Create(new KubernetesClientConfiguration { Host = BaseUri.ToString() }, requestTimeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Requests with this method and path (without the query), faulted or not.</summary>
    public int Count(string method, string path) => _requests.Count(r => r.Method == method && r.Path == path);

    public int Count(Func<ApiRequest, bool> which) => _requests.Count(which);

    public void ClearRequests() => _requests.Clear();

    /// <summary>Creates the object, or replaces it whatever its resourceVersion (test setup, another writer).</summary>
    public T Put<T>(ResourceKind kind, T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.ApiVersion ??= kind.ApiVersion;
        obj.Kind ??= kind.Kind;
        var json = ToJson(obj);
        var address = ResourceAddress.Of(kind, obj.Metadata?.NamespaceProperty, obj.Metadata?.Name);
        StoreAnswer answer;
        if (Objects.Find(address) is null)
        {
            answer = Objects.Create(address.Collection, json);
        }
        else
        {
            ((JsonObject)json["metadata"]!).Remove("resourceVersion");
            answer = Objects.Replace(address, json);
        }

        return Decode<T>(Ensure(answer, address));
    }

    public T? Get<T>(ResourceKind kind, string? @namespace, string name)
        where T : class =>
        Objects.Find(ResourceAddress.Of(kind, @namespace, name)) is { } found ? Decode<T>(found) : null;

    public IReadOnlyList<T> List<T>(ResourceKind kind, string? @namespace = null)
    {
        var list = Objects.List(ResourceAddress.Of(kind, @namespace)).Body;
        return [.. ((JsonArray)list["items"]!).Select(item => Decode<T>((JsonObject)item!))];
    }

    /// <summary>Changes a stored object as another writer would (unconditionally); it must exist.</summary>
    public T Update<T>(ResourceKind kind, string? @namespace, string name, Action<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var address = ResourceAddress.Of(kind, @namespace, name);
        var current = Get<T>(kind, @namespace, name) ?? throw new InvalidOperationException($"{address} does not exist");
        change(current);
        var json = ToJson(current);
        ((JsonObject)json["metadata"]!).Remove("resourceVersion");
        return Decode<T>(Ensure(Objects.Replace(address, json), address));
    }

    /// <summary>Deletes a stored object; false when there was none.</summary>
    public bool Remove(ResourceKind kind, string? @namespace, string name) =>
        Objects.Delete(ResourceAddress.Of(kind, @namespace, name)).Succeeded;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        Faults.Clear();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _closing.Dispose();
    }

    private async Task<CannedResponse> RespondAsync(RecordedRequest recorded, int number, CancellationToken aborted)
    {
        var mark = recorded.Path.IndexOf('?', StringComparison.Ordinal);
        var path = mark < 0 ? recorded.Path : recorded.Path[..mark];
        var query = mark < 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : QueryHelpers.ParseQuery(recorded.Path[mark..]).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var request = new ApiRequest(recorded.Method, path, query, recorded.Body, recorded.Header("content-type"), ResourceAddress.Parse(path));
        _requests.Enqueue(request);
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        if (Faults.Take(request) is { } fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.Status when fault.Body is { } body:
                    return new CannedResponse(fault.StatusCode, body) { ContentType = "application/json" };
                case FaultKind.Status:
                    var reason = fault.Reason ?? ApiStatus.ReasonOf(fault.StatusCode);
                    return Json(new StoreAnswer(fault.StatusCode, ApiStatus.Failure(fault.StatusCode, fault.Message ?? $"{reason} (a fault of the fake API server)", reason, request.Address)));
                case FaultKind.Abort:
                    return Dropped;
                case FaultKind.AbortAfter:
                    Serve(request);
                    return Dropped;
                case FaultKind.Hang:
                    try
                    {
                        await fault.HangAsync(gone.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return Dropped;
                    }

                    break;
            }
        }

        if (request.IsWatch)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, gone.Token);
            }
            catch (OperationCanceledException)
            {
            }

            return Dropped;
        }

        return Json(Serve(request));
    }

    private static CannedResponse Dropped => new(0) { Abort = true };

    private StoreAnswer Serve(ApiRequest request)
    {
        if (request.Address is not { } address)
        {
            return new(404, ApiStatus.Failure(404, "the server could not find the requested resource"));
        }

        JsonObject? body;
        try
        {
            body = request.Body.Length == 0 ? null : JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (JsonException ex)
        {
            return new(400, ApiStatus.Failure(400, "the body of the request was in an unknown format: " + ex.Message, about: address));
        }

        return (request.Method, address.IsCollection) switch
        {
            ("GET", true) => Objects.List(address, request.Query.GetValueOrDefault("labelSelector"), request.Query.GetValueOrDefault("fieldSelector")),
            ("GET", false) => Objects.Get(address),
            ("POST", true) when body is not null => Objects.Create(address, body),
            ("PUT", false) when body is not null => Objects.Replace(address, body),
            ("PATCH", false) when body is not null => IsMergePatch(request.ContentType)
                ? Objects.Patch(address, body)
                : new(415, ApiStatus.Failure(415, $"the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json (the fake's); got {request.ContentType}", about: address)),
            ("DELETE", false) => Objects.Delete(address),
            ("POST" or "PUT" or "PATCH", _) when body is null => new(400, ApiStatus.Failure(400, "the request has no JSON object body", about: address)),
            _ => new(405, ApiStatus.Failure(405, $"the server does not allow this method on the requested resource ({request.Method} {request.Path})", about: address)),
        };
    }

    private static bool IsMergePatch(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal)
            || contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal));

    private static CannedResponse Json(StoreAnswer answer) =>
        new(answer.Code, answer.Body.ToJsonString()) { ContentType = "application/json" };

    private static JsonObject Ensure(StoreAnswer answer, ResourceAddress address) =>
        answer.Succeeded ? answer.Body : throw new InvalidOperationException($"{address}: {answer.Code} {answer.Body["message"]}");

    private static JsonObject ToJson<T>(T obj) => (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(obj))!;

    private static T Decode<T>(JsonObject json) => KubernetesJson.Deserialize<T>(json.ToJsonString());
}
