namespace HealthChecks.Kube.Queues;

public static class RateLimiters
{
    /// <summary>
    /// What a controller retries with: per item 1 s doubling up to 5 minutes (a check whose writes
    /// keep failing does not hammer the API), and overall at most 10 retries a second in bursts of
    /// 100 (an API server coming back is not stormed by every check at once).
    /// </summary>
    public static IRateLimiter<T> ControllerDefault<T>(TimeProvider time)
        where T : notnull =>
        new MaxOfLimiter<T>(
            new ExponentialBackoffLimiter<T>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
            new TokenBucketLimiter<T>(10, 100, time));
}
