using System.Threading.Channels;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Events;
using HealthChecks.Kube;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Crds;

/// <summary>
/// Follows the khstates and khchecks CRDs (one watch each, by name: a CRD rarely changes, so the
/// streams are quiet) and decides through <see cref="CrdSchemaCheck"/> whether this replica may
/// work. A verdict that changes is logged, recorded as an Event on this replica's Pod and set on
/// the <see cref="CrdSchemaGate"/>; while refused, the log repeats it every few minutes. When the
/// CRDs are fixed, the caches read khchecks, khjobs and khstates afresh before the gate opens:
/// they hold the pruned copies, which the API server now returns whole at the same resourceVersion.
/// CRDs that cannot be read (no RBAC for them) leave the check off: the gate opens, with a warning.
/// </summary>
public sealed partial class CrdSchemaWatch(
    IKubernetes client,
    CrdSchemaGate gate,
    ControllerCaches caches,
    ControllerPodEvents events,
    TimeProvider time,
    ILogger<CrdSchemaWatch> logger) : BackgroundService
{
    public const string RefusedReason = "CrdSchemaOutdated";

    public const string ResumedReason = "CrdSchemaUpgraded";

    public static readonly ResourceKind Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false);

    /// <summary>How long the first verdict may wait for both CRDs to be read before the check is left off.</summary>
    public static readonly TimeSpan FirstReadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>While refused, the log says so again this often (the first words of a log are long gone by then).</summary>
    public static readonly TimeSpan Reminder = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ReloadRetry = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a fixed CRD is given before the caches read afresh and checks resume: each API
    /// server swaps its handler for the custom resources when its own informer sees the new CRD,
    /// which may be after this watch did; a read or write before that would still be pruned.
    /// </summary>
    public static readonly TimeSpan UpgradeSettle = TimeSpan.FromSeconds(2);

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private string? _lastMessage;
    private bool _refused;
    private bool _warnedUnread;
    private volatile bool _firstReadOver;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var states = new Followed(CrdSchemaCheck.StatesCrd, client, time, logger, Changed);
        var checks = new Followed(CrdSchemaCheck.ChecksCrd, client, time, logger, Changed);
        try
        {
            await Task.WhenAll(states.RunAsync(stoppingToken), checks.RunAsync(stoppingToken), TimersAsync(stoppingToken), DecideAsync(states, checks, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Changed() => _changes.Writer.TryWrite(true);

    private async Task TimersAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstReadTimeout, time, stoppingToken);
        _firstReadOver = true;
        Changed();
        using var reminder = new PeriodicTimer(Reminder, time);
        while (await reminder.WaitForNextTickAsync(stoppingToken))
        {
            if (gate.Problem is { } problem)
            {
                Log.Refusing(logger, problem.Message);
            }
        }
    }

    // One decider, so verdicts, reloads, logs and Events never interleave.
    private async Task DecideAsync(Followed states, Followed checks, CancellationToken stoppingToken)
    {
        await foreach (var _ in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            if (!states.IsRead || !checks.IsRead)
            {
                if (!gate.IsDecided && _firstReadOver)
                {
                    // Fail open: refusing because the CRDs cannot be read would stop every
                    // install whose RBAC predates this check; the log says what is missing.
                    WarnUnread(states, checks);
                    gate.Decide(null);
                }

                continue;
            }

            var problem = CrdSchemaCheck.Find(states.Current, checks.Current);
            if (problem is null && _refused)
            {
                await Task.Delay(UpgradeSettle, time, stoppingToken);
                // Changed again meanwhile (the signal is queued): decide on the newer CRDs.
                problem = CrdSchemaCheck.Find(states.Current, checks.Current);
                if (problem is null)
                {
                    await ReloadCachesAsync(stoppingToken);
                }
            }

            await ApplyAsync(problem, stoppingToken);
        }
    }

    private async Task ApplyAsync(CrdSchemaProblem? problem, CancellationToken stoppingToken)
    {
        var message = problem?.Message;
        var first = !gate.IsDecided;
        gate.Decide(problem);
        if (message == _lastMessage && !first)
        {
            return;
        }

        _lastMessage = message;
        CheckEvent? news = null;
        if (problem is not null)
        {
            _refused = true;
            Log.Refusing(logger, problem.Message);
            news = new CheckEvent("Warning", RefusedReason, problem.Message);
        }
        else if (_refused)
        {
            _refused = false;
            Log.Resumed(logger);
            news = new CheckEvent("Normal", ResumedReason, "The khstates and khchecks CRDs keep HealthChecks' fields again: checks run again.");
        }

        if (news is null)
        {
            return;
        }

        try
        {
            await events.RecordAsync(news, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.EventFailed(logger, news.Reason, ex.Describe());
        }
    }

    private async Task ReloadCachesAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await caches.ReloadCustomResourcesAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.ReloadFailed(logger, ex.Describe());
                await Task.Delay(ReloadRetry, time, stoppingToken);
            }
        }
    }

    private void WarnUnread(Followed states, Followed checks)
    {
        if (_warnedUnread)
        {
            return;
        }

        _warnedUnread = true;
        var error = states.LastError ?? checks.LastError;
        Log.Unread(logger, FirstReadTimeout.TotalSeconds, error is null ? "no answer yet" : error.Describe());
    }

    /// <summary>One CRD, by name: its current object (null when it does not exist) once it has been read.</summary>
    private sealed class Followed
    {
        private readonly ResourceWatcher<V1CustomResourceDefinition> _watcher;
        private readonly Action _changed;
        private volatile V1CustomResourceDefinition? _current;
        private volatile bool _read;

        public Followed(string name, IKubernetes client, TimeProvider time, ILogger logger, Action changed)
        {
            _changed = changed;
            _watcher = new ResourceWatcher<V1CustomResourceDefinition>(
                new ResourceClient<V1CustomResourceDefinition>(client, Crds),
                null,
                // By name, so RBAC can grant these two CRDs and no other (resourceNames).
                new ResourceWatcherOptions { FieldSelector = "metadata.name=" + name, MaxBackoff = TimeSpan.FromMinutes(2) },
                time,
                logger);
            _watcher.Relisted += (listed, _) =>
            {
                _current = listed.FirstOrDefault();
                _read = true;
                _changed();
            };
        }

        public V1CustomResourceDefinition? Current => _current;

        public bool IsRead => _read;

        public Exception? LastError => _watcher.LastError;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await foreach (var change in _watcher.WatchAsync(cancellationToken))
            {
                _current = change.Type == WatchEventType.Deleted ? null : change.Object;
                _changed();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2701, Level = LogLevel.Error, Message = "{Message}")]
        public static partial void Refusing(ILogger logger, string message);

        [LoggerMessage(EventId = 2702, Level = LogLevel.Information, Message = "The khstates and khchecks CRDs keep HealthChecks' fields again: checks run again")]
        public static partial void Resumed(ILogger logger);

        [LoggerMessage(EventId = 2703, Level = LogLevel.Warning, Message = "Could not read the khstates and khchecks CRDs within {Seconds} s ({Error}): their schemas are not checked, and checks run. If the CRDs are Kuberhealthy's own, results are lost; grant get, list, watch on customresourcedefinitions khstates.comcast.github.io and khchecks.comcast.github.io (the chart does)")]
        public static partial void Unread(ILogger logger, double seconds, string error);

        [LoggerMessage(EventId = 2704, Level = LogLevel.Warning, Message = "Could not record the {Reason} event on this replica's Pod: {Error}")]
        public static partial void EventFailed(ILogger logger, string reason, string error);

        [LoggerMessage(EventId = 2705, Level = LogLevel.Warning, Message = "Could not read khchecks, khjobs and khstates afresh after the CRDs changed: {Error}; retrying")]
        public static partial void ReloadFailed(ILogger logger, string error);
    }
}
