using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HealthChecks.TestKit;

/// <summary>One request as a <see cref="LoopbackHttpServer"/> saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>The answer a <see cref="LoopbackHttpServer"/> gives; <see cref="Delay"/> holds it back (a slow or hung server).</summary>
public sealed record CannedResponse(int Status, string Body = "", TimeSpan Delay = default)
{
    /// <summary>Drop the connection instead of answering: the client's request fails in transport.</summary>
    public bool Abort { get; init; }

    /// <summary>The <c>Content-Type</c> of the body, when set.</summary>
    public string? ContentType { get; init; }
}

/// <summary>
/// A real HTTP server (Kestrel) on a loopback address for tests: records every request and
/// answers through a function of (request, 1-based request number). Stopped on dispose.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackHttpServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <param name="respond">The answer to each request; 200 with an empty body when null.</param>
    /// <param name="address">The loopback address to listen on (127.0.0.1 by default).</param>
    /// <param name="port">0 for a free port.</param>
    public static Task<LoopbackHttpServer> StartAsync(Func<RecordedRequest, int, CannedResponse>? respond = null, IPAddress? address = null, int port = 0)
    {
        respond ??= (_, _) => new CannedResponse(200);
        return StartAsync((request, number, _) => Task.FromResult(respond(request, number)), address, port);
    }

    /// <param name="respond">The answer to each request, worked out asynchronously (the token is the request's abort).</param>
    /// <param name="address">The loopback address to listen on (127.0.0.1 by default).</param>
    /// <param name="port">0 for a free port.</param>
    public static async Task<LoopbackHttpServer> StartAsync(Func<RecordedRequest, int, CancellationToken, Task<CannedResponse>> respond, IPAddress? address = null, int port = 0)
    {
        address ??= IPAddress.Loopback;
        if (!IPAddress.IsLoopback(address))
        {
            throw new ArgumentException("tests only listen on loopback (DESIGN.md §5)", nameof(address));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, port));
        var app = builder.Build();
        LoopbackHttpServer? server = null;
        var count = 0;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body, DateTimeOffset.UtcNow);
            server!._requests.Enqueue(request);
            var answer = await respond(request, Interlocked.Increment(ref count), context.RequestAborted);
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }

            if (answer.Abort)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = answer.Status;
            if (answer.ContentType is { } contentType)
            {
                context.Response.ContentType = contentType;
            }

            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var bound = app.Urls.Select(u => new Uri(u)).First();
        server = new LoopbackHttpServer(app, new Uri($"http://{address}:{bound.Port}/"));
        return server;
    }

    public Uri Url(string path) => new(BaseUri, path);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
