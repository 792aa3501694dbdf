using HealthChecks.Kube;

namespace HealthChecks.LocalCluster.Simulation;

/// <summary>
/// Start-up steps that must happen (register the nodes, create kube-dns) are retried with
/// back-off until they succeed: the API server may be starting or restarting.
/// </summary>
internal static class RetryUntilDone
{
    public static async Task RunAsync(Func<Task> step, Action<int, Exception> failed, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ApiFailures.IsTransient(ex, cancellationToken) && !cancellationToken.IsCancellationRequested)
            {
                failed(attempt, ex);
                await Task.Delay(Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), Random.Shared.NextDouble()), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
