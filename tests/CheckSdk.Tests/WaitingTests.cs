using HealthChecks.CheckSdk.Waiting;
using HealthChecks.TestKit;

namespace HealthChecks.CheckSdk.Tests;

public sealed class WaitingTests
{
    [Fact]
    public async Task WaitForController_AnswersWith400_CountsAsReachable()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(400));
        using var http = new HttpClient();

        Assert.True(await ControllerWait.WaitUntilReachableAsync(http, server.Url("/externalCheckStatus"), TimeSpan.FromSeconds(5)));
        Assert.Equal("GET", Assert.Single(server.Requests).Method);
    }

    [Fact]
    public async Task WaitForController_NothingListening_GivesUpAfterTheBudget()
    {
        using var http = new HttpClient();
        var started = DateTime.UtcNow;

        var reachable = await ControllerWait.WaitUntilReachableAsync(http, new Uri($"http://127.0.0.1:{FreePort.Tcp()}/externalCheckStatus"), TimeSpan.FromSeconds(1), interval: TimeSpan.FromMilliseconds(100));

        Assert.False(reachable);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void NodeAge_RemainingWait_IsTheRestOfTheMinimumAge()
    {
        var created = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMinutes(2), NodeAge.RemainingWait(created, TimeSpan.FromMinutes(3), created.AddMinutes(1)));
        Assert.Equal(TimeSpan.Zero, NodeAge.RemainingWait(created, TimeSpan.FromMinutes(3), created.AddMinutes(5)));
        Assert.Equal(TimeSpan.Zero, NodeAge.RemainingWait(created, TimeSpan.Zero, created));
    }

    [Fact]
    public async Task NodeAge_YoungNode_WaitsOnTheClockAndStopsOnCancel()
    {
        var time = new ManualTimeProvider();
        var waiting = NodeAge.WaitUntilOldEnoughAsync(time.GetUtcNow().AddMinutes(-1), TimeSpan.FromMinutes(3), time);
        time.Advance(TimeSpan.FromSeconds(119));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMinutes(2), await waiting.WaitAsync(TimeSpan.FromSeconds(5)));

        using var cancel = new CancellationTokenSource();
        var cancelled = NodeAge.WaitUntilOldEnoughAsync(time.GetUtcNow(), TimeSpan.FromMinutes(3), time, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }
}
