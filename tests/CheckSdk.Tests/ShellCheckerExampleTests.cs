using System.Globalization;
using HealthChecks.TestKit;

namespace HealthChecks.CheckSdk.Tests;

/// <summary>docs/examples/shell-checker.sh, the documented curl checker, against real HTTP servers.</summary>
public sealed class ShellCheckerExampleTests
{
    private static async Task<ProcessResult> RunAsync(Uri reportingUrl, Uri checkUrl) =>
        await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "docs", "examples", "shell-checker.sh")],
            TimeSpan.FromSeconds(30),
            new Dictionary<string, string>
            {
                [CheckProtocol.ReportingUrlVariable] = reportingUrl.ToString(),
                [CheckProtocol.RunUuidVariable] = Contract.RunUuid,
                [CheckProtocol.DeadlineVariable] = DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["CHECK_URL"] = checkUrl.ToString(),
            });

    [Fact]
    public async Task ShellChecker_TargetUp_ReportsOkAfterRetryingA503()
    {
        await using var controller = await LoopbackHttpServer.StartAsync((request, n) => new CannedResponse(n == 1 ? 503 : 200));
        await using var target = await LoopbackHttpServer.StartAsync();

        var result = await RunAsync(controller.Url("/externalCheckStatus"), target.Url("/healthz"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, controller.Requests.Count);
        var report = controller.Requests[^1];
        Assert.Equal(Contract.RunUuid, report.Header("kh-run-uuid"));
        Assert.Equal("""{"OK":true,"Errors":[]}""", report.Body);
    }

    [Fact]
    public async Task ShellChecker_TargetDown_ReportsTheFailure()
    {
        await using var controller = await LoopbackHttpServer.StartAsync();
        var closed = new Uri($"http://127.0.0.1:{FreePort.Tcp()}/healthz");

        var result = await RunAsync(controller.Url("/externalCheckStatus"), closed);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($$"""{"OK":false,"Errors":["{{closed}} did not answer 2xx"]}""", Assert.Single(controller.Requests).Body);
    }
}
