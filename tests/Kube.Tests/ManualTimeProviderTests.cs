using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests;

// The clock the unit and integration tests share: its timers must behave as the runtime's do.
public class ManualTimeProviderTests
{
    [Fact]
    public void Advance_MovesTheClockByExactlyThatMuch()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();

        time.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal(start.AddMinutes(90), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(90), time.GetElapsedTime(0, time.GetTimestamp()) - time.GetElapsedTime(0, start.UtcTicks));
    }

    [Fact]
    public async Task Delay_CompletesOnlyOnceAdvancedPastIt()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void CancellationTokenSource_CancelAfter_UsesTheManualClock()
    {
        var time = new ManualTimeProvider();
        using var source = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);
        source.CancelAfter(TimeSpan.FromSeconds(60));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(source.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(source.IsCancellationRequested);
    }

    [Fact]
    public void CreateTimer_Periodic_FiresOncePerPeriodInOrder()
    {
        var time = new ManualTimeProvider();
        var fired = new List<(string Timer, DateTimeOffset At)>();
        using var everySecond = time.CreateTimer(_ => fired.Add(("1s", time.GetUtcNow())), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        using var once = time.CreateTimer(_ => fired.Add(("once", time.GetUtcNow())), null, TimeSpan.FromSeconds(1.5), Timeout.InfiniteTimeSpan);
        var start = time.GetUtcNow();

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(
            [("1s", start.AddSeconds(1)), ("once", start.AddSeconds(1.5)), ("1s", start.AddSeconds(2)), ("1s", start.AddSeconds(3))],
            fired);
    }

    [Fact]
    public void CreateTimer_Disposed_NeverFires()
    {
        var time = new ManualTimeProvider();
        var fired = false;
        var timer = time.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }
}
