using System.Net;
using System.Threading.RateLimiting;
using HealthChecks.Controller.Configuration;

namespace HealthChecks.Controller.Reporting;

/// <summary>
/// What a report must pass before its body is read: at most <c>MaxReportsPerSourcePerSecond</c>
/// from one address (token bucket, bursts of twice that; 429 beyond), and at most
/// <c>MaxConcurrentReports</c> taken at once on this replica (503 beyond). Both refuse at once, so
/// a flood costs a few microseconds per request and bounded memory, and genuine reports (one per
/// run, from many pods) never meet either limit.
/// </summary>
public sealed class ReportGate : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _perSource;
    private readonly ConcurrencyLimiter _concurrent;

    public ReportGate(ControllerOptions options)
    {
        var rate = Math.Max(1, options.MaxReportsPerSourcePerSecond);
        _perSource = PartitionedRateLimiter.Create<IPAddress, IPAddress>(source => RateLimitPartition.GetTokenBucketLimiter(source, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * rate,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        _concurrent = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = Math.Max(1, options.MaxConcurrentReports), QueueLimit = 0 });
    }

    /// <summary>A pass for one report (dispose it when the report is answered), or the status code that refuses it.</summary>
    public (IDisposable? Pass, int RefusedWith) Enter(IPAddress? source)
    {
        var perSource = _perSource.AttemptAcquire(source ?? IPAddress.None);
        if (!perSource.IsAcquired)
        {
            perSource.Dispose();
            return (null, StatusCodes.Status429TooManyRequests);
        }

        var concurrent = _concurrent.AttemptAcquire();
        if (!concurrent.IsAcquired)
        {
            concurrent.Dispose();
            perSource.Dispose();
            return (null, StatusCodes.Status503ServiceUnavailable);
        }

        return (new Pass(perSource, concurrent), 0);
    }

    public void Dispose()
    {
        _perSource.Dispose();
        _concurrent.Dispose();
    }

    private sealed class Pass(RateLimitLease perSource, RateLimitLease concurrent) : IDisposable
    {
        public void Dispose()
        {
            concurrent.Dispose();
            perSource.Dispose();
        }
    }
}
