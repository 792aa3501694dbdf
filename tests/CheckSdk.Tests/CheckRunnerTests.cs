using System.Text.Json;
using HealthChecks.CheckSdk.Options;
using HealthChecks.CheckSdk.Reporting;
using HealthChecks.CheckSdk.Running;
using HealthChecks.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.CheckSdk.Tests;

/// <summary>The runner in-process, reporting to a real HTTP server on loopback.</summary>
public sealed class CheckRunnerTests
{
    private static CheckRunnerOptions Options(LoopbackHttpServer server, DateTimeOffset deadline, TimeProvider? time = null) => new()
    {
        Environment = Contract.Variables(server.Url("/externalCheckStatus"), deadline).GetValueOrDefault,
        Time = time ?? TimeProvider.System,
        LoggerFactory = NullLoggerFactory.Instance,
        HandleSignals = false,
    };

    private static (bool Ok, string[] Errors) Body(RecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return (body.RootElement.GetProperty("OK").GetBoolean(), body.RootElement.GetProperty("Errors").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task Run_CheckPasses_ReportsOkOnceAndExitsZero()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var exit = await CheckRunner.RunAsync((_, _) => Task.FromResult(CheckReport.Success()), Options(server, DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(ExitCodes.Passed, exit);
        var (ok, errors) = Body(Assert.Single(server.Requests));
        Assert.True(ok);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Run_CheckFails_ReportsItsErrorsAndExitsOne()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var exit = await CheckRunner.RunAsync((_, _) => Task.FromResult(CheckReport.Failure("n1 is down")), Options(server, DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(ExitCodes.Failed, exit);
        var (ok, errors) = Body(Assert.Single(server.Requests));
        Assert.False(ok);
        Assert.Equal(["n1 is down"], errors);
    }

    [Fact]
    public async Task Run_CheckThrows_ReportsTheExceptionAsAFailure()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var exit = await CheckRunner.RunAsync((_, _) => throw new InvalidOperationException("boom"), Options(server, DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(ExitCodes.Failed, exit);
        var (ok, errors) = Body(Assert.Single(server.Requests));
        Assert.False(ok);
        Assert.Equal("check failed with InvalidOperationException: boom", Assert.Single(errors));
    }

    [Fact]
    public async Task Run_CheckOptionsInvalid_ReportsEveryBadVariable()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var exit = await CheckRunner.RunAsync((_, _) => throw new EnvOptionsException(["A: bad", "B: worse"]), Options(server, DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("invalid configuration (2 problems): A: bad; B: worse", Assert.Single(Body(Assert.Single(server.Requests)).Errors));
    }

    [Fact]
    public async Task Run_ContractVariableMissing_ReportsNothingAndExitsTwo()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var options = Options(server, DateTimeOffset.UtcNow.AddMinutes(1)) with { Environment = name => name == CheckProtocol.RunUuidVariable ? null : Contract.Variables(server.Url("/x"), DateTimeOffset.UtcNow.AddMinutes(1)).GetValueOrDefault(name) };
        var ran = false;

        var exit = await CheckRunner.RunAsync((_, _) => { ran = true; return Task.FromResult(CheckReport.Success()); }, options);

        Assert.Equal(ExitCodes.BadEnvironment, exit);
        Assert.False(ran);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Run_ReportRejected_ExitsThree()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(400));
        var exit = await CheckRunner.RunAsync((_, _) => Task.FromResult(CheckReport.Success()), Options(server, DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(ExitCodes.NotDelivered, exit);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Run_DeadlineNear_CancelsTheCheckAndReportsFailureBeforeTheDeadline()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var time = new ManualTimeProvider(start);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = Options(server, start.AddSeconds(60), time) with { StopBeforeDeadline = TimeSpan.FromSeconds(5) };
        var run = CheckRunner.RunAsync(
            async (context, token) =>
            {
                started.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, token);
                return CheckReport.Success();
            },
            options);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(54));
        await Task.Delay(200);
        Assert.False(run.IsCompleted, "stopped before deadline - 5 s");
        time.Advance(TimeSpan.FromSeconds(1));
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExitCodes.Failed, exit);
        var error = Assert.Single(Body(Assert.Single(server.Requests)).Errors);
        Assert.StartsWith("check stopped: the run's deadline", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CheckIgnoresItsToken_AbandonedAfterTheGraceAndStillReportedOnce()
    {
        await using var server = await LoopbackHttpServer.StartAsync();
        var deadline = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 4);
        var options = Options(server, deadline) with { StopBeforeDeadline = TimeSpan.FromSeconds(2), StopGrace = TimeSpan.FromMilliseconds(500) };
        using var never = new CancellationTokenSource();

        var exit = await CheckRunner.RunAsync(
            async (_, _) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, never.Token);
                return CheckReport.Success();
            },
            options).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExitCodes.Failed, exit);
        var request = Assert.Single(server.Requests);
        Assert.True(request.ReceivedAt < deadline, $"reported at {request.ReceivedAt:O}, after the deadline {deadline:O}");
        Assert.Contains("did not finish within 500ms after being told to stop", Assert.Single(Body(request).Errors), StringComparison.Ordinal);
        never.Cancel();
    }
}
