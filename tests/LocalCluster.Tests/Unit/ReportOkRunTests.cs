using System.Diagnostics;
using HealthChecks.LocalCluster.Runtime;
using HealthChecks.TestKit;

namespace HealthChecks.LocalCluster.Tests.Unit;

/// <summary>The in-process report-ok container: env in, exit code, log and termination message out (real HTTP on 127.0.0.1).</summary>
public sealed class ReportOkRunTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly string _log = Path.GetTempFileName();
    private readonly ReportOkSender _sender = new(TimeProvider.System, new ReportOkRetry { InitialDelay = TimeSpan.FromMilliseconds(20) });

    public void Dispose()
    {
        _sender.Dispose();
        File.Delete(_log);
    }

    private ReportOkRun Start(string? url, string? delay = null)
    {
        var env = new Dictionary<string, string?> { ["KH_REPORTING_URL"] = url, ["KH_RUN_UUID"] = "run-7", ["REPORT_OK_DELAY"] = delay };
        return ReportOkRun.Start(name => env.GetValueOrDefault(name), _sender, _log, TimeProvider.System);
    }

    [Fact]
    public async Task Accepted_ExitsZero_AfterTheDelay()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var clock = Stopwatch.StartNew();
        await using var run = Start(server.Url("/check").ToString(), delay: "300ms");

        Assert.Equal(0, await run.Exited.WaitAsync(Wait));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"reported after {clock.Elapsed}");
        Assert.Equal("run-7", Assert.Single(server.Requests).Header("kh-run-uuid"));
        Assert.Null(run.TerminationMessage);
        var log = await File.ReadAllTextAsync(_log);
        Assert.Contains("waiting 0.3 s (REPORT_OK_DELAY)", log, StringComparison.Ordinal);
        Assert.Contains("attempt 1/5: POST " + server.Url("/check"), log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_ExitsOne_WithTheReason()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(410, "the run's deadline has passed"));
        await using var run = Start(server.Url("/check").ToString());

        Assert.Equal(1, await run.Exited.WaitAsync(Wait));
        Assert.Equal("report refused: HTTP 410: the run's deadline has passed", run.TerminationMessage);
        Assert.Contains(run.TerminationMessage!, await File.ReadAllTextAsync(_log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonLoopbackUrl_FailsWithoutARequest()
    {
        await using var run = Start("http://10.244.0.9:8080/check");

        Assert.Equal(1, await run.Exited.WaitAsync(Wait));
        Assert.Contains("not connecting to 10.244.0.9", run.TerminationMessage, StringComparison.Ordinal);
        Assert.Contains("only connects to loopback", await File.ReadAllTextAsync(_log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_DuringTheDelay_Exits143WithoutReporting()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        await using var run = Start(server.Url("/check").ToString(), delay: "1m");
        await Task.Delay(100);

        run.Terminate();

        Assert.Equal(143, await run.Exited.WaitAsync(Wait));
        await Task.Delay(100);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Kill_DuringAHungReport_Exits137()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, Delay: TimeSpan.FromSeconds(30)));
        await using var run = Start(server.Url("/check").ToString());
        await Eventually.TrueAsync(() => Task.FromResult(server.Requests.Count == 1), Wait, "the report reached the server");

        run.Kill();

        Assert.Equal(137, await run.Exited.WaitAsync(Wait));
    }
}
