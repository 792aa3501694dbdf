using HealthChecks.LocalCluster.Runtime;
using HealthChecks.TestKit;

namespace HealthChecks.LocalCluster.Tests.Unit;

/// <summary>The report-ok HTTP side against a real HTTP server on 127.0.0.1 (no cluster).</summary>
public sealed class ReportOkSenderTests
{
    private static readonly ReportOkRetry Quick = new() { InitialDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(2) };

    private readonly List<string> _notes = [];

    private Task Note(string line)
    {
        lock (_notes)
        {
            _notes.Add(line);
        }

        return Task.CompletedTask;
    }

    private static ReportOkSettings Settings(Uri url) => new(url, "3c1a-run", TimeSpan.Zero);

    [Fact]
    public async Task Ok_PostsTheBodyWithTheRunHeader()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var sender = new ReportOkSender(TimeProvider.System, Quick);

        var result = await sender.SendAsync(Settings(server.Url("/externalCheckStatus")), Note, CancellationToken.None);

        Assert.Equal((true, 1), (result.Accepted, result.Attempts));
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/externalCheckStatus"), (request.Method, request.Path));
        Assert.Equal("3c1a-run", request.Header("kh-run-uuid"));
        Assert.Equal("""{"OK":true,"Errors":[]}""", request.Body);
        Assert.Equal("application/json", request.Header("content-type"));
        Assert.Contains("attempt 1/5", Assert.Single(_notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceUnavailable_IsRetriedUntilAccepted()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, n) => new CannedResponse(n < 3 ? 503 : 200, n < 3 ? "not leader" : ""));
        using var sender = new ReportOkSender(TimeProvider.System, Quick);

        var result = await sender.SendAsync(Settings(server.Url("/check")), Note, CancellationToken.None);

        Assert.Equal((true, 3), (result.Accepted, result.Attempts));
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("HTTP 503: not leader", _notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceUnavailable_Forever_StopsAfterTheAttemptCount()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(503));
        using var sender = new ReportOkSender(TimeProvider.System, Quick with { MaxAttempts = 3 });

        var result = await sender.SendAsync(Settings(server.Url("/check")), Note, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal("report not delivered after 3 attempts: HTTP 503", result.Summary);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(410)]
    [InlineData(404)]
    public void FinalRefusals_AreNotRetryable(int status) => Assert.False(ReportOkSender.IsRetryable(status));

    [Fact]
    public async Task BadRequest_FailsAtOnceWithTheControllersReason()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(400, "run 3c1a-run is not the current run"));
        using var sender = new ReportOkSender(TimeProvider.System, Quick);

        var result = await sender.SendAsync(Settings(server.Url("/check")), Note, CancellationToken.None);

        Assert.Equal((false, 1), (result.Accepted, result.Attempts));
        Assert.Equal("report refused: HTTP 400: run 3c1a-run is not the current run", result.Summary);
    }

    [Fact]
    public async Task HungServer_CostsOneAttemptTimeoutEach()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, n) => new CannedResponse(200, Delay: n == 1 ? TimeSpan.FromSeconds(30) : TimeSpan.Zero));
        using var sender = new ReportOkSender(TimeProvider.System, Quick with { AttemptTimeout = TimeSpan.FromMilliseconds(300) });

        var result = await sender.SendAsync(Settings(server.Url("/check")), Note, CancellationToken.None);

        Assert.Equal((true, 2), (result.Accepted, result.Attempts));
        Assert.Contains("no answer within 0.3 s", _notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_IsATransportErrorRetriedThenReported()
    {
        var port = FreePort.Tcp();
        using var sender = new ReportOkSender(TimeProvider.System, Quick with { MaxAttempts = 2 });

        var result = await sender.SendAsync(Settings(new Uri($"http://127.0.0.1:{port}/check")), Note, CancellationToken.None);

        Assert.Equal((false, 2), (result.Accepted, result.Attempts));
        Assert.Contains("Connection refused", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Localhost_IsReached()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var sender = new ReportOkSender(TimeProvider.System, Quick);

        var result = await sender.SendAsync(Settings(new Uri($"http://localhost:{server.BaseUri.Port}/check")), Note, CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Single(server.Requests);
    }
}
