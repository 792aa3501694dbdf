using HealthChecks.Kube.Queues;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Queues;

public sealed class RateLimiterTests
{
    [Fact]
    public void ExponentialBackoff_DoublesUpToTheCap()
    {
        var limiter = new ExponentialBackoffLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var delays = Enumerable.Range(0, 6).Select(_ => limiter.DelayFor("a").TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
        Assert.Equal(1, limiter.DelayFor("other").TotalSeconds); // per item
    }

    [Fact]
    public void TokenBucket_BurstThenPaced_AndRefillsWithTime()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucketLimiter<string>(rate: 10, burst: 2, time);

        Assert.Equal(TimeSpan.Zero, bucket.DelayFor("a"));
        Assert.Equal(TimeSpan.Zero, bucket.DelayFor("b"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.DelayFor("c"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.DelayFor("d"));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, bucket.DelayFor("e"));
    }

    [Fact]
    public void TokenBucket_InitialTokensBelowTheBurst_StartsWithThoseThenFillsToTheBurst()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucketLimiter<string>(rate: 10, burst: 5, time, initialTokens: 1);

        Assert.Equal(TimeSpan.Zero, bucket.DelayFor("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.DelayFor("b"));

        time.Advance(TimeSpan.FromSeconds(10)); // refills to the burst, not beyond
        var delays = Enumerable.Range(0, 7).Select(i => bucket.DelayFor($"c{i}").TotalMilliseconds).ToList();
        Assert.Equal([0, 0, 0, 0, 0, 100, 200], delays);
    }

    [Fact]
    public void MaxOf_TheLongestDelayWins()
    {
        var time = new ManualTimeProvider();
        var limiter = new MaxOfLimiter<string>(new ExponentialBackoffLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), new TokenBucketLimiter<string>(1, 1, time));

        Assert.Equal(TimeSpan.FromSeconds(1), limiter.DelayFor("a")); // backoff 1 s, bucket 0
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.DelayFor("a")); // backoff 2 s, bucket 1 s
    }
}
