using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Kube.Leadership;

/// <summary>
/// Lease-based leader election following client-go: try to acquire every RetryPeriod; once
/// leading, run the term's work and renew every RetryPeriod, and step down when no renewal
/// succeeded for RenewDeadline. A term ends in one of three ways: the lease is lost, the elector
/// is stopped, or the term's work ends by itself (it failed: leading without working would keep
/// every other replica from taking over). In every case the work is cancelled and awaited before
/// anything else happens; then, unless the lease was lost to another holder, it is released so a
/// standby takes over within about one retry period. <see cref="RunAsync"/> keeps competing until
/// cancelled, so a replica that lost the lease becomes a candidate again. Work that does not stop
/// within <see cref="LeaderElectionOptions.WorkStopTimeout"/> ends <see cref="RunAsync"/> with a
/// <see cref="LeaderWorkStuckException"/>: such a replica must not lead again, only restart.
/// </summary>
public sealed partial class LeaderElector
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly ILeaseLock _lock;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private LeaderElectionRecord? _observed;
    private DateTimeOffset _observedAt;
    private volatile bool _isLeader;
    private volatile string? _currentLeader;

    public LeaderElector(ILeaseLock leaseLock, LeaderElectionOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid leader election options: " + string.Join("; ", errors), nameof(options));
        }

        _lock = leaseLock;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised when this candidate becomes leader (before its work starts).</summary>
    public event Action? StartedLeading;

    /// <summary>Raised when this candidate stops leading (lost the lease, or shut down).</summary>
    public event Action? StoppedLeading;

    /// <summary>Raised when the observed holder changes (including to this candidate).</summary>
    public event Action<string>? NewLeader;

    public bool IsLeader => _isLeader;

    /// <summary>The holder last seen in the Lease, null when none.</summary>
    public string? CurrentLeader => _currentLeader;

    public string Identity => _options.Identity;

    /// <summary>Competes for the lease until cancelled, running <paramref name="lead"/> for each term won.</summary>
    /// <param name="lead">The term's work; its token is cancelled when the term ends.</param>
    /// <param name="cancellationToken">Stops competing (and ends a term in progress).</param>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                return; // cancelled while waiting
            }

            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _isLeader = true;
            Log.StartedLeading(_logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
            Raise(() => StartedLeading?.Invoke());
            var work = Task.Run(() => lead(leading.Token), CancellationToken.None);
            TermEnd end;
            try
            {
                end = await RenewWhileWorkingAsync(work, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _isLeader = false;
                await leading.CancelAsync().ConfigureAwait(false);
            }

            // The lease changes hands only after this replica's work has stopped: never two leaders working.
            if (!await StoppedAsync(work).ConfigureAwait(false))
            {
                Log.WorkStuck(_logger, _options.Identity, _options.WorkStopTimeout);
                throw new LeaderWorkStuckException($"the work of {_options.Identity}'s term did not stop within {_options.WorkStopTimeout} of the term's end");
            }

            if (work.Exception?.GetBaseException() is { } failure)
            {
                Log.WorkFailed(_logger, _options.Identity, failure);
            }

            if (end != TermEnd.Lost && _options.ReleaseOnCancel)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }

            Log.StoppedLeading(_logger, _options.Identity, end);
            Raise(() => StoppedLeading?.Invoke());
            if (end == TermEnd.WorkEnded)
            {
                // Step back for a lease's length before competing again, so that another replica
                // (whose work may well succeed) takes the Lease this one just handed back.
                try
                {
                    await Task.Delay(_options.LeaseDuration, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private enum TermEnd
    {
        Lost,
        Stopped,
        WorkEnded,
    }

    /// <summary>One acquire-or-renew attempt; true when this candidate holds the lease afterwards.</summary>
    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = await _lock.GetAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            var fresh = new LeaderElectionRecord(_options.Identity, (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds), now, now, 0);
            if (!await _lock.CreateAsync(fresh, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            Observe(fresh, now);
            return true;
        }

        if (current != _observed)
        {
            Observe(current, now);
        }

        var next = LeaseDecision.Next(current, _observedAt, _options.Identity, _options.LeaseDuration, now);
        if (next is null || !await _lock.UpdateAsync(next, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Observe(next, now);
        return true;
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await AttemptAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            try
            {
                await Task.Delay(Jittered(_options.RetryPeriod), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    private async Task<TermEnd> RenewWhileWorkingAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenewal = _time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            using (var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var delay = Task.Delay(_options.RetryPeriod, _time, pause.Token);
                if (await Task.WhenAny(delay, work).ConfigureAwait(false) == work)
                {
                    await pause.CancelAsync().ConfigureAwait(false);
                    return TermEnd.WorkEnded;
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (await AttemptAsync(cancellationToken).ConfigureAwait(false))
            {
                lastRenewal = _time.GetUtcNow();
            }
            else if (_time.GetUtcNow() - lastRenewal >= _options.RenewDeadline || (_observed is { } seen && seen.HolderIdentity != _options.Identity))
            {
                Log.LostLease(_logger, _options.Identity, _observed?.HolderIdentity);
                return TermEnd.Lost;
            }
        }

        return TermEnd.Stopped;
    }

    private async Task<bool> StoppedAsync(Task work)
    {
        try
        {
            await work.WaitAsync(_options.WorkStopTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            // ended; its failure is looked at by the caller
        }

        return true;
    }

    // An attempt is bounded so that a hung API call cannot keep a stale leader leading.
    private async Task<bool> AttemptAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RenewDeadline);
        try
        {
            return await TryAcquireOrRenewAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.AttemptFailed(_logger, _options.LeaseNamespace, _options.LeaseName, ex);
            return false;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: whatever the attempt failed with (the cancellation, or an API error that raced
            // it past the filter above) no longer matters, and must not escape RunAsync.
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        // A commit step: it runs after cancellation, with its own short timeout.
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            var current = await _lock.GetAsync(timeout.Token).ConfigureAwait(false);
            if (current?.HolderIdentity == _options.Identity)
            {
                var released = LeaseDecision.Released(current, _time.GetUtcNow());
                if (await _lock.UpdateAsync(released, timeout.Token).ConfigureAwait(false))
                {
                    Observe(released, _time.GetUtcNow());
                    Log.Released(_logger, _options.Identity);
                }
            }
        }
        catch (Exception ex)
        {
            Log.ReleaseFailed(_logger, _options.Identity, ex);
        }
    }

    private void Observe(LeaderElectionRecord record, DateTimeOffset now)
    {
        var previousHolder = _observed?.HolderIdentity;
        _observed = record;
        _observedAt = now;
        _currentLeader = string.IsNullOrEmpty(record.HolderIdentity) ? null : record.HolderIdentity;
        if (_currentLeader is { } holder && holder != previousHolder)
        {
            Raise(() => NewLeader?.Invoke(holder));
        }
    }

    // Candidates wait RetryPeriod plus up to 20 % between acquire attempts so they do not stampede
    // in lockstep. client-go jitters by up to 120 %; the smaller factor keeps a takeover within
    // LeaseDuration + 1.2 × RetryPeriod of the last renewal.
    private static TimeSpan Jittered(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));

    private void Raise(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception ex)
        {
            Log.CallbackFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "{Identity} is now the leader (lease {Namespace}/{Lease})")]
        public static partial void StartedLeading(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "{Identity} stopped leading ({How})")]
        public static partial void StoppedLeading(ILogger logger, string identity, TermEnd how);

        [LoggerMessage(EventId = 1208, Level = LogLevel.Error, Message = "The work of {Identity}'s term failed; the lease is handed back")]
        public static partial void WorkFailed(ILogger logger, string identity, Exception error);

        [LoggerMessage(EventId = 1209, Level = LogLevel.Critical, Message = "The work of {Identity}'s term did not stop within {Timeout} after the term ended")]
        public static partial void WorkStuck(ILogger logger, string identity, TimeSpan timeout);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "{Identity} lost the lease (holder now: {Holder})")]
        public static partial void LostLease(ILogger logger, string identity, string? holder);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Acquiring or renewing lease {Namespace}/{Lease} failed")]
        public static partial void AttemptFailed(ILogger logger, string @namespace, string lease, Exception error);

        [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "{Identity} released the lease")]
        public static partial void Released(ILogger logger, string identity);

        [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "{Identity} could not release the lease; a standby takes over when it expires")]
        public static partial void ReleaseFailed(ILogger logger, string identity, Exception error);

        [LoggerMessage(EventId = 1207, Level = LogLevel.Error, Message = "A leader election callback threw")]
        public static partial void CallbackFailed(ILogger logger, Exception error);
    }
}
