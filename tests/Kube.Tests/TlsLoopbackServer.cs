using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace HealthChecks.Kube.Tests;

/// <summary>One request as <see cref="TlsLoopbackServer"/> saw it: the client certificate's subject, if any, and its Authorization header.</summary>
internal sealed record TlsRequest(string Path, string? ClientCertificateSubject, string? Authorization);

/// <summary>
/// An HTTPS API server stand-in on 127.0.0.1 with a given certificate: it answers every request
/// with an empty NamespaceList and records who asked (client certificates are accepted, not required).
/// </summary>
internal sealed class TlsLoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TlsRequest> _requests = new();

    private TlsLoopbackServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<TlsRequest> Requests => [.. _requests];

    public static async Task<TlsLoopbackServer> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        var server = new TlsLoopbackServer(builder.Build());
        server._app.Run(async context =>
        {
            server._requests.Enqueue(new TlsRequest(context.Request.Path, context.Connection.ClientCertificate?.Subject, context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}""", context.RequestAborted);
        });
        await server._app.StartAsync();
        server.BaseUri = new Uri($"https://127.0.0.1:{new Uri(server._app.Urls.First()).Port}/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
