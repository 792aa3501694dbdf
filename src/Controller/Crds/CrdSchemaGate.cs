namespace HealthChecks.Controller.Crds;

/// <summary>
/// Whether this replica may work with the CRDs the API server serves, as <see cref="CrdSchemaWatch"/>
/// last decided: fit, or refused with a <see cref="CrdSchemaProblem"/>. Undecided until the first
/// verdict. The leader works only while fit (<see cref="WaitUntilFitAsync"/>); report intake, the
/// status page and <c>/healthz</c> read <see cref="Problem"/>.
/// </summary>
public sealed class CrdSchemaGate : IDisposable
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _fit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _whileFit = new();
    private CrdSchemaProblem? _problem;

    /// <summary>A gate already decided fit: for the leader's parts in tests, which have no CRDs to watch.</summary>
    public static CrdSchemaGate Fit()
    {
        var gate = new CrdSchemaGate();
        gate.Decide(null);
        return gate;
    }

    /// <summary>Why checks are not run now; null when fit or undecided.</summary>
    public CrdSchemaProblem? Problem
    {
        get
        {
            lock (_gate)
            {
                return _problem;
            }
        }
    }

    public bool IsDecided
    {
        get
        {
            lock (_gate)
            {
                return _problem is not null || _fit.Task.IsCompleted;
            }
        }
    }

    /// <summary>Records a verdict: null is fit (or the CRDs could not be read: fail open).</summary>
    public void Decide(CrdSchemaProblem? problem)
    {
        CancellationTokenSource ended;
        lock (_gate)
        {
            _problem = problem;
            if (problem is null)
            {
                _fit.TrySetResult();
                return;
            }

            if (_fit.Task.IsCompleted)
            {
                _fit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            // A fit period ends here; the next one gets a token of its own.
            ended = _whileFit;
            _whileFit = new CancellationTokenSource();
        }

        // Outside the lock: cancelling runs the term's callbacks inline. Not disposed: the token
        // may still be linked into a term's work, which only needs to see it cancelled.
        ended.Cancel();
    }

    /// <summary>Waits until fit; the token returned is cancelled when a problem is found.</summary>
    public async Task<CancellationToken> WaitUntilFitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task fit;
            lock (_gate)
            {
                if (_problem is null && _fit.Task.IsCompleted)
                {
                    return _whileFit.Token;
                }

                fit = _fit.Task;
            }

            await fit.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _whileFit.Dispose();
        }
    }
}
