using HealthChecks.CheckSdk;
using HealthChecks.CheckSdk.Running;
using HealthChecks.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Checks.Tests;

/// <summary>A <see cref="CheckContext"/> for calling a check in-process, with a controller stand-in (any GET answers 400, as upstream's).</summary>
public sealed class CheckHarness : IAsyncDisposable
{
    private readonly LoopbackHttpServer _controller;
    private readonly HttpClient _http = new();

    private CheckHarness(LoopbackHttpServer controller) => _controller = controller;

    public static async Task<CheckHarness> StartAsync() =>
        new(await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(400)));

    public CheckContext Context(TimeSpan untilDeadline) =>
        new(new CheckEnvironment(_controller.Url("/externalCheckStatus"), "test-run", DateTimeOffset.UtcNow + untilDeadline, "kuberhealthy"), TimeProvider.System, NullLoggerFactory.Instance, _http);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _controller.DisposeAsync();
    }
}
