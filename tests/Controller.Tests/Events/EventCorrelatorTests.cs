using HealthChecks.Controller.Events;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests.Events;

public sealed class EventCorrelatorTests
{
    private static readonly CheckEvent Failed = new("Warning", "CheckFailed", "disk is full");

    [Fact]
    public void SameEventWithinTheWindow_IsFoundToCountOnTheExistingOne()
    {
        var time = new ManualTimeProvider();
        var correlator = new EventCorrelator(time);
        correlator.Recorded(new("ns", "dns"), Failed, "dns.17a", 1, time.GetUtcNow());

        time.Advance(EventCorrelator.Window - TimeSpan.FromSeconds(1));

        Assert.Equal(("dns.17a", 1), (correlator.Find(new("ns", "dns"), Failed)?.EventName, correlator.Find(new("ns", "dns"), Failed)?.Count));
    }

    [Fact]
    public void SameEventAfterTheWindow_IsNew()
    {
        var time = new ManualTimeProvider();
        var correlator = new EventCorrelator(time);
        correlator.Recorded(new("ns", "dns"), Failed, "dns.17a", 4, time.GetUtcNow());

        time.Advance(EventCorrelator.Window);

        Assert.Null(correlator.Find(new("ns", "dns"), Failed));
    }

    [Fact]
    public void OtherMessageOrCheck_IsNew()
    {
        var time = new ManualTimeProvider();
        var correlator = new EventCorrelator(time);
        correlator.Recorded(new("ns", "dns"), Failed, "dns.17a", 1, time.GetUtcNow());

        Assert.Null(correlator.Find(new("ns", "dns"), Failed with { Message = "disk is fine" }));
        Assert.Null(correlator.Find(new("ns", "other"), Failed));
    }

    [Fact]
    public void Capacity_ForgetsTheLeastRecentlySeen()
    {
        var time = new ManualTimeProvider();
        var correlator = new EventCorrelator(time, capacity: 2);
        correlator.Recorded(new("ns", "a"), Failed, "a.1", 1, time.GetUtcNow());
        correlator.Recorded(new("ns", "b"), Failed, "b.1", 1, time.GetUtcNow());
        correlator.Recorded(new("ns", "a"), Failed, "a.1", 2, time.GetUtcNow()); // a seen again: b is now the oldest

        correlator.Recorded(new("ns", "c"), Failed, "c.1", 1, time.GetUtcNow());

        Assert.Equal(2, correlator.Count);
        Assert.NotNull(correlator.Find(new("ns", "a"), Failed));
        Assert.Null(correlator.Find(new("ns", "b"), Failed));
    }
}
