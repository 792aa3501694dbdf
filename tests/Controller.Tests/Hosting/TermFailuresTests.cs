using HealthChecks.Controller.Hosting;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests.Hosting;

public sealed class TermFailuresTests
{
    [Fact]
    public void Add_TheLimitWithinTheWindow_SaysSo()
    {
        var time = new ManualTimeProvider();
        var failures = new TermFailures(3, TimeSpan.FromMinutes(10), time);

        Assert.False(failures.Add());
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(failures.Add());
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(failures.Add());
    }

    [Fact]
    public void Add_FailuresSpreadOverMoreThanTheWindow_NeverReachTheLimit()
    {
        var time = new ManualTimeProvider();
        var failures = new TermFailures(3, TimeSpan.FromMinutes(10), time);

        for (var i = 0; i < 10; i++)
        {
            Assert.False(failures.Add());
            time.Advance(TimeSpan.FromMinutes(6));
        }

        Assert.Equal(1, failures.Count);
    }
}
