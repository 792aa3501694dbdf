using System.Diagnostics;
using System.Text.Json;
using HealthChecks.CheckSdk.Reporting;
using HealthChecks.TestKit;

namespace HealthChecks.CheckSdk.Tests;

/// <summary>The report client against a real HTTP server on loopback.</summary>
public sealed class ReportClientTests
{
    private static readonly ReportClientOptions Fast = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(300),
        // Long enough that a first request on a busy machine (JIT, connection set-up) is not cut and counted twice.
        AttemptTimeout = TimeSpan.FromSeconds(2),
    };

    private static ReportClient Client(Uri url, TimeSpan? untilDeadline = null) =>
        new(Contract.Environment(url, DateTimeOffset.UtcNow + (untilDeadline ?? TimeSpan.FromSeconds(30))), options: Fast);

    [Fact]
    public async Task ReportSuccess_SendsUpstreamBodyHeaderAndContentType()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var client = Client(server.Url("/externalCheckStatus"));

        var result = await client.ReportSuccessAsync();

        Assert.Equal(new ReportResult(ReportOutcome.Accepted, 200, 1), result);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/externalCheckStatus", request.Path);
        Assert.Equal(Contract.RunUuid, request.Header("kh-run-uuid"));
        Assert.StartsWith("application/json", request.Header("content-type"), StringComparison.Ordinal);
        Assert.Equal("""{"OK":true,"Errors":[]}""", request.Body);
        Assert.Equal("23", request.Header("content-length")); // not chunked: simple servers and proxies expect a length
    }

    [Fact]
    public async Task ReportFailure_SendsTheErrors()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var client = Client(server.Url("/externalCheckStatus"));

        await client.ReportFailureAsync(["node n1 missing pod", "node n2 missing pod"]);

        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.False(body.RootElement.GetProperty("OK").GetBoolean());
        Assert.Equal(["node n1 missing pod", "node n2 missing pod"], body.RootElement.GetProperty("Errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Report_5xx429And408_RetriedUntilAccepted()
    {
        int[] answers = [500, 503, 429, 408, 200];
        await using var server = await LoopbackHttpServer.StartAsync((_, n) => new CannedResponse(answers[Math.Min(n, answers.Length) - 1]));
        using var client = Client(server.Url("/externalCheckStatus"));

        var result = await client.ReportSuccessAsync();

        Assert.Equal(ReportOutcome.Accepted, result.Outcome);
        Assert.Equal(5, result.Attempts);
        Assert.Equal(5, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("""{"OK":true,"Errors":[]}""", r.Body));
    }

    [Theory]
    [InlineData(400, ReportOutcome.Rejected)]
    [InlineData(410, ReportOutcome.Expired)]
    [InlineData(404, ReportOutcome.Refused)]
    public async Task Report_FinalStatus_NotRetried(int status, ReportOutcome outcome)
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(status));
        using var client = Client(server.Url("/externalCheckStatus"));

        var result = await client.ReportSuccessAsync();

        Assert.Equal(outcome, result.Outcome);
        Assert.False(result.Delivered);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Report_ServerAlwaysFailing_GivesUpAtTheDeadline()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(503));
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        using var client = new ReportClient(Contract.Environment(server.Url("/externalCheckStatus"), deadline), options: Fast);
        var clock = Stopwatch.StartNew();

        var result = await client.ReportSuccessAsync();

        Assert.Equal(ReportOutcome.DeadlineReached, result.Outcome);
        Assert.Equal(503, result.LastStatusCode);
        Assert.True(result.Attempts >= 3, $"only {result.Attempts} attempts");
        Assert.Equal(result.Attempts, server.Requests.Count);
        Assert.True(DateTimeOffset.UtcNow >= deadline - TimeSpan.FromMilliseconds(50), "gave up before the deadline");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"kept going {clock.Elapsed} past a 2 s deadline");
    }

    [Fact]
    public async Task Report_ServerNotUpYet_TransportErrorsRetriedUntilItAnswers()
    {
        var port = FreePort.Tcp();
        using var client = Client(new Uri($"http://127.0.0.1:{port}/externalCheckStatus"));
        var reporting = client.ReportSuccessAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(reporting.IsCompleted);

        await using var server = await LoopbackHttpServer.StartAsync(port: port);
        var result = await reporting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ReportOutcome.Accepted, result.Outcome);
        Assert.True(result.Attempts > 1);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Report_HungAttempt_TimesOutAndIsRetried()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, n) => n == 1 ? new CannedResponse(200, Delay: TimeSpan.FromSeconds(20)) : new CannedResponse(200));
        using var client = Client(server.Url("/externalCheckStatus"));

        var result = await client.ReportSuccessAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ReportOutcome.Accepted, result.Outcome);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Report_Twice_SecondIsRefusedAndNothingIsSent()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var client = Client(server.Url("/externalCheckStatus"));
        await client.ReportSuccessAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ReportFailureAsync(["late"]));
        Assert.Single(server.Requests);
        Assert.True(client.HasReported);
    }

    [Fact]
    public async Task ReportFailure_NoErrors_ThrowsAndSendsNothing()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        using var client = Client(server.Url("/externalCheckStatus"));

        await Assert.ThrowsAsync<ArgumentException>(() => client.ReportFailureAsync([]));
        Assert.Empty(server.Requests);
        Assert.False(client.HasReported);
    }
}
