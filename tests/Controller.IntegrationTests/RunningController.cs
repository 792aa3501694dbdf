using k8s;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>
/// A real controller (Kestrel on a free loopback port, real watches, the real control loop) limited to one
/// test namespace, standalone unless told otherwise. Checkers in these tests are played by the
/// test, which posts reports to <see cref="ReportUrl"/>.
/// </summary>
internal sealed class RunningController : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningController(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public string ReportUrl => BaseUrl + "/externalCheckStatus";

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningController> StartAsync(Kubernetes client, string @namespace, Func<ControllerOptions, ControllerOptions>? configure = null)
    {
        var options = new ControllerOptions
        {
            ReportingUrl = "", // set below, once the port is chosen
            PodName = "test-controller-" + Guid.NewGuid().ToString("N")[..6],
            PodNamespace = @namespace,
            TargetNamespace = @namespace,
            Standalone = true,
            ReaperInterval = TimeSpan.FromSeconds(1),
        };
        options = configure?.Invoke(options) ?? options;

        // The reporting URL is injected into checker pods, so the port is chosen before the app starts.
        var port = FreePort();
        options = options with { ListenAddress = "127.0.0.1:" + port, ReportingUrl = $"http://127.0.0.1:{port}/externalCheckStatus" };
        var app = ControllerApp.Build(options, client);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningController(app, url);
    }

    /// <summary>Posts a report as a checker would: JSON body, with <c>kh-run-uuid</c> unless <paramref name="runId"/> is null.</summary>
    public async Task<HttpResponseMessage> ReportAsync(string? runId, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ReportUrl) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (runId is not null)
        {
            request.Headers.Add("kh-run-uuid", runId);
        }

        return await Http.SendAsync(request);
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
