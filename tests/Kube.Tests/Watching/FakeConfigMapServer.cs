using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthChecks.Kube.Tests.Watching;

/// <summary>
/// Lists and watches config maps (of namespace "ns", or of all namespaces) on a loopback port, at
/// the core group's paths. A list returns what <see cref="SetList"/> set; every watch request is
/// handed to the test as a <see cref="WatchCall"/>.
/// </summary>
internal sealed class FakeConfigMapServer : IAsyncDisposable
{
    public const string Namespace = "ns";
    public const string CollectionPath = "/api/v1/namespaces/" + Namespace + "/configmaps";
    public const string AllNamespacesPath = "/api/v1/configmaps";

    private readonly WebApplication _app;
    private readonly Channel<WatchCall> _watches = Channel.CreateUnbounded<WatchCall>();
    private readonly ConcurrentQueue<WatchCall> _open = new();
    private readonly ConcurrentQueue<HttpStatusCode> _listFailures = new();
    private readonly ConcurrentQueue<HttpStatusCode> _watchFailures = new();
    private volatile string _list = """{"metadata":{"resourceVersion":"1"},"items":[]}""";
    private readonly ConcurrentQueue<string> _lists = new();
    private int _listRequests;

    private FakeConfigMapServer(WebApplication app)
    {
        _app = app;
        app.MapGet(CollectionPath, (RequestDelegate)HandleAsync);
        app.MapGet(AllNamespacesPath, (RequestDelegate)HandleAsync);
    }

    public Uri Address { get; private set; } = null!;

    public int ListRequests => Volatile.Read(ref _listRequests);

    /// <summary>The path and query of every list request, in order.</summary>
    public IReadOnlyList<string> Lists => [.. _lists];

    public static async Task<FakeConfigMapServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new FakeConfigMapServer(builder.Build());
        await server._app.StartAsync();
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.Address = new Uri(addresses.Addresses.Single());
        return server;
    }

    public Kubernetes CreateClient() => KubeClients.Create(new KubernetesClientConfiguration { Host = Address.ToString() }, TimeSpan.FromSeconds(5));

    public void SetList(string resourceVersion, params V1ConfigMap[] items) =>
        _list = KubernetesJson.Serialize(
            new V1ConfigMapList { ApiVersion = "v1", Kind = "ConfigMapList", Metadata = new V1ListMeta { ResourceVersion = resourceVersion }, Items = [.. items] });

    public void FailNextList(HttpStatusCode code) => _listFailures.Enqueue(code);

    public void FailNextWatch(HttpStatusCode code) => _watchFailures.Enqueue(code);

    public async Task<WatchCall> NextWatchAsync(CancellationToken cancellationToken) => await _watches.Reader.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var call in _open)
        {
            call.Close();
        }

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Query["watch"] != "true")
        {
            Interlocked.Increment(ref _listRequests);
            _lists.Enqueue(context.Request.Path + context.Request.QueryString);
            await (_listFailures.TryDequeue(out var listFailure) ? WriteStatusAsync(context, listFailure) : WriteJsonAsync(context, _list));
            return;
        }

        var call = new WatchCall(context.Request.Path, context.Request.Query);
        _open.Enqueue(call);
        _watches.Writer.TryWrite(call);
        if (_watchFailures.TryDequeue(out var watchFailure))
        {
            await WriteStatusAsync(context, watchFailure);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await foreach (var line in call.Lines.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (its watchdog, or the end of the test).
        }
    }

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code)
    {
        context.Response.StatusCode = (int)code;
        return WriteJsonAsync(context, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"injected failure","reason":"InternalError","code":{{(int)code}}}""");
    }

    private static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
