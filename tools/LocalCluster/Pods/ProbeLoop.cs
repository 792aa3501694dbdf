using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// Runs a probe on its schedule (initialDelaySeconds, periodSeconds) and reports each change of
/// verdict once its threshold is met (successThreshold, failureThreshold), as kubelet's prober does.
/// </summary>
internal sealed class ProbeLoop
{
    private readonly V1Probe _probe;
    private readonly Func<CancellationToken, Task<bool>> _attempt;
    private readonly Action<bool> _verdictChanged;
    private readonly TimeProvider _time;

    public ProbeLoop(V1Probe probe, Func<CancellationToken, Task<bool>> attempt, Action<bool> verdictChanged, TimeProvider time)
    {
        _probe = probe;
        _attempt = attempt;
        _verdictChanged = verdictChanged;
        _time = time;
    }

    /// <summary>Runs until cancelled; <paramref name="initial"/> is the verdict before the first attempt.</summary>
    public async Task RunAsync(bool initial, CancellationToken cancellationToken)
    {
        var verdict = initial;
        int successes = 0, failures = 0;
        var successThreshold = Math.Max(1, _probe.SuccessThreshold ?? 1);
        var failureThreshold = Math.Max(1, _probe.FailureThreshold ?? 3);
        var period = TimeSpan.FromSeconds(Math.Max(1, _probe.PeriodSeconds ?? 10));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, _probe.InitialDelaySeconds ?? 0)), _time, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await _attempt(cancellationToken).ConfigureAwait(false))
                {
                    (successes, failures) = (successes + 1, 0);
                }
                else
                {
                    (successes, failures) = (0, failures + 1);
                }

                var next = successes >= successThreshold || (verdict && failures < failureThreshold);
                if (next != verdict && !cancellationToken.IsCancellationRequested)
                {
                    verdict = next;
                    _verdictChanged(verdict);
                }

                await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The container stopped or the pod went away.
        }
    }
}
