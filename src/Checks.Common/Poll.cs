using System.Net;
using HealthChecks.Kube;

namespace HealthChecks.Checks.Common;

/// <summary>Bounded polling on a <see cref="TimeProvider"/>: the checks wait for the cluster with it.</summary>
public static class Poll
{
    /// <summary>
    /// Calls <paramref name="probe"/> every <paramref name="interval"/> until it returns true; false
    /// when <paramref name="cancellationToken"/> fires first (the caller's deadline), never an exception for that.
    /// A transient API error (transport, 5xx, 429, 409) counts as "not yet"; other errors propagate.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            while (!await TryProbeAsync(probe, cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> TryProbeAsync(Func<CancellationToken, Task<bool>> probe, CancellationToken cancellationToken)
    {
        try
        {
            return await probe(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsTransient(ex))
        {
            return false;
        }
    }

    internal static bool IsTransient(Exception error) =>
        error is HttpRequestException
        || (error.ApiStatusCode() is { } status && ((int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict));
}
