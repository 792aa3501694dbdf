namespace HealthChecks.Kube.Queues;

/// <summary>
/// One bucket for all items (<c>rate</c> per second, <c>burst</c> deep): however many items fail at
/// once, retries reach the API server no faster than this. Each call takes a token, waiting for it
/// when the bucket is empty. The bucket starts full unless <c>initialTokens</c> says otherwise.
/// </summary>
public sealed class TokenBucketLimiter<T>(double rate, int burst, TimeProvider time, int? initialTokens = null) : IRateLimiter<T>
{
    private readonly Lock _gate = new();
    private double _tokens = Math.Min(burst, initialTokens ?? burst);
    private long _last = time.GetTimestamp();

    public TimeSpan DelayFor(T item)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * rate));
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / rate);
        }
    }

    public void Forget(T item)
    {
    }

    public int Failures(T item) => 0;
}
