using HealthChecks.Kube.Leadership;

namespace HealthChecks.Kube.Tests.Leadership;

/// <summary>A <see cref="LeaderElector"/> running in the background with its own lock on a shared store, and signals for each callback.</summary>
internal sealed class Candidate : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _newLeaders = [];
    private int _startedCount;
    private Task? _run;

    public Candidate(LeaseStore store, LeaderElectionOptions options)
    {
        Lock = new InMemoryLeaseLock(store);
        Elector = new LeaderElector(Lock, options);
        Elector.StoppedLeading += () =>
        {
            StoppedAt = TimeProvider.System.GetUtcNow();
            Stopped.TrySetResult();
        };
        Elector.NewLeader += holder =>
        {
            lock (_newLeaders)
            {
                _newLeaders.Add(holder);
            }
        };
    }

    public InMemoryLeaseLock Lock { get; }

    public LeaderElector Elector { get; }

    public string Identity => Elector.Identity;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationToken LeadingToken { get; private set; }

    /// <summary>A term's work; by default it runs until the term ends.</summary>
    public Func<CancellationToken, Task> Work { get; set; } = token => Task.Delay(System.Threading.Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>The elector's own end: a <see cref="LeaderWorkStuckException"/>, say.</summary>
    public Task? Run => _run;

    /// <summary>When StoppedLeading was raised, by the system clock.</summary>
    public DateTimeOffset StoppedAt { get; private set; }

    public int StartedCount => Volatile.Read(ref _startedCount);

    public bool IsRunning => _run is { IsCompleted: false };

    public IReadOnlyList<string> NewLeaders
    {
        get
        {
            lock (_newLeaders)
            {
                return [.. _newLeaders];
            }
        }
    }

    /// <summary>
    /// LeaseDuration 600 ms (written as 1 s), RenewDeadline 400 ms, RetryPeriod 100 ms: for tests
    /// that wait for a lease to expire or a renewal to time out.
    /// </summary>
    public static LeaderElectionOptions FastOptions(string identity) => new()
    {
        LeaseName = "controller",
        LeaseNamespace = "healthchecks",
        Identity = identity,
        LeaseDuration = TimeSpan.FromMilliseconds(600),
        RenewDeadline = TimeSpan.FromMilliseconds(400),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>
    /// The same quick retries with a 30 s lease: no test waits that long, so a leader that
    /// changes hands did so by a release, never by expiry after a stall on a busy machine.
    /// </summary>
    public static LeaderElectionOptions SteadyOptions(string identity) => FastOptions(identity) with
    {
        LeaseDuration = TimeSpan.FromSeconds(30),
        RenewDeadline = TimeSpan.FromSeconds(20),
    };

    public void Start() => _run = Task.Run(() => Elector.RunAsync(LeadAsync, _stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(StopTimeout);
            }
            catch (LeaderWorkStuckException)
            {
                // the test about it has looked at it
            }
        }
    }

    private Task LeadAsync(CancellationToken token)
    {
        LeadingToken = token;
        Interlocked.Increment(ref _startedCount);
        Started.TrySetResult();
        return Work(token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
