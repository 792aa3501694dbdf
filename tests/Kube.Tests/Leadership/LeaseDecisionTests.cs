using HealthChecks.Kube.Leadership;

namespace HealthChecks.Kube.Tests.Leadership;

public class LeaseDecisionTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    [Fact]
    public void Next_HeldByOtherNotExpired_ReturnsNull()
    {
        var current = Held("other", acquired: Now.AddMinutes(-5), transitions: 3);

        Assert.Null(LeaseDecision.Next(current, observedAt: Now.AddSeconds(-14), "me", LeaseDuration, Now));
    }

    [Fact]
    public void Next_HeldByOtherExactlyAtExpiry_TakesOverWithOneMoreTransition()
    {
        var current = Held("other", acquired: Now.AddMinutes(-5), transitions: 3);

        var next = LeaseDecision.Next(current, observedAt: Now.AddSeconds(-15), "me", LeaseDuration, Now);

        Assert.Equal(new LeaderElectionRecord("me", 15, Now, Now, 4), next);
    }

    [Fact]
    public void Next_HolderRenewTimeInTheFuture_JudgesExpiryByObservation()
    {
        // The holder's clock runs ahead: its renewTime must not keep the lease alive.
        var current = Held("other", acquired: Now.AddHours(1), transitions: 0) with { RenewTime = Now.AddHours(1) };

        var next = LeaseDecision.Next(current, observedAt: Now.AddSeconds(-20), "me", LeaseDuration, Now);

        Assert.Equal("me", next?.HolderIdentity);
    }

    [Fact]
    public void Next_HeldByMe_RenewsKeepingAcquireTimeAndTransitions()
    {
        var acquired = Now.AddMinutes(-10);
        var current = Held("me", acquired, transitions: 2);

        var next = LeaseDecision.Next(current, observedAt: Now.AddSeconds(-2), "me", LeaseDuration, Now);

        Assert.Equal(new LeaderElectionRecord("me", 15, acquired, Now, 2), next);
    }

    [Fact]
    public void Next_HeldByMeWithoutAcquireTime_SetsItNow()
    {
        var current = Held("me", Now.AddMinutes(-10), transitions: 1) with { AcquireTime = null };

        var next = LeaseDecision.Next(current, Now, "me", LeaseDuration, Now);

        Assert.Equal(Now, next?.AcquireTime);
        Assert.Equal(1, next?.LeaseTransitions);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Next_ReleasedRecord_IsFreeAtOnce(string? holder)
    {
        var current = new LeaderElectionRecord(holder, 1, Now, Now, 5);

        var next = LeaseDecision.Next(current, observedAt: Now, "me", LeaseDuration, Now);

        Assert.Equal(new LeaderElectionRecord("me", 15, Now, Now, 6), next);
    }

    [Fact]
    public void Next_FractionalLeaseDuration_RoundsSecondsUp()
    {
        var next = LeaseDecision.Next(new LeaderElectionRecord(null, 1, Now, Now, 0), Now, "me", TimeSpan.FromMilliseconds(600), Now);

        Assert.Equal(1, next?.LeaseDurationSeconds);
    }

    [Fact]
    public void Released_HeldRecord_ClearsHolderWithOneSecondLeaseKeepingTransitions()
    {
        var current = Held("me", Now.AddMinutes(-10), transitions: 7);

        var released = LeaseDecision.Released(current, Now);

        Assert.Equal(new LeaderElectionRecord(null, 1, Now, Now, 7), released);
    }

    private static LeaderElectionRecord Held(string holder, DateTimeOffset acquired, int transitions) =>
        new(holder, 15, acquired, Now.AddSeconds(-1), transitions);
}
