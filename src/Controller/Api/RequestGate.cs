using System.Net;
using System.Threading.RateLimiting;
using HealthChecks.Controller.Configuration;

namespace HealthChecks.Controller.Api;

/// <summary>
/// What an unauthenticated request must pass before it is read: at most <c>rate</c> a second from
/// one address (token bucket, bursts of twice that; 429 beyond), and at most <c>concurrent</c>
/// taken at once on this replica (503 beyond). Both refuse at once, so a flood costs a few
/// microseconds per request and bounded memory.
/// </summary>
public class RequestGate : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _perSource;
    private readonly ConcurrencyLimiter _concurrent;

    protected RequestGate(int ratePerSource, int concurrent)
    {
        var rate = Math.Max(1, ratePerSource);
        _perSource = PartitionedRateLimiter.Create<IPAddress, IPAddress>(source => RateLimitPartition.GetTokenBucketLimiter(source, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * rate,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        _concurrent = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = Math.Max(1, concurrent), QueueLimit = 0 });
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
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _perSource.Dispose();
            _concurrent.Dispose();
        }
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

/// <summary>Checker reports: genuine ones (one per run, from many pods) never meet these limits.</summary>
public sealed class ReportGate(ControllerOptions options) : RequestGate(options.MaxReportsPerSourcePerSecond, options.MaxConcurrentReports);

/// <summary><c>POST /api/run</c>: a person or a script asking now and then; each request may cost a TokenReview.</summary>
public sealed class RunNowGate() : RequestGate(ratePerSource: 2, concurrent: 16);
