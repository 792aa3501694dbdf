using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.Faults.Tests;

/// <summary>
/// Watches the khstates and checker pods of the test namespace straight at the API server (not
/// through a replica's proxy) and keeps every run ever begun: its pods and its result. A run
/// begins when a new UUID appears in a khstate's <c>uuid</c> and ends when <c>ResultUUID</c>
/// names it. The watches retry fast (at most a second apart), so after an outage the observer
/// is back before the controllers' work can slip past it.
/// </summary>
internal sealed class RunObserver : IAsyncDisposable
{
    private static readonly ResourceWatcherOptions Fast = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(200),
        MaxBackoff = TimeSpan.FromSeconds(1),
        ServerTimeout = TimeSpan.FromSeconds(30),
        IdleTimeout = TimeSpan.FromSeconds(40),
    };

    private readonly Lock _gate = new();
    private readonly List<RunRecord> _runs = [];
    private readonly Dictionary<string, RunRecord> _byUuid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodRecord> _pods = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset At, string What)> _overlaps = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _states;
    private readonly Task _podsWatch;

    public RunObserver(IKubernetes client, string @namespace)
    {
        var states = new ResourceWatcher<KuberhealthyState>(new ResourceClient<KuberhealthyState>(client, KhResources.States), @namespace, Fast);
        var pods = new ResourceWatcher<V1Pod>(new ResourceClient<V1Pod>(client, BuiltInKinds.Pods), @namespace, Fast with { LabelSelector = CheckLabels.CheckName });
        _states = Task.Run(async () =>
        {
            await foreach (var change in states.WatchAsync(_stop.Token))
            {
                OnState(change.Object);
            }
        });
        _podsWatch = Task.Run(async () =>
        {
            await foreach (var change in pods.WatchAsync(_stop.Token))
            {
                OnPod(change.Type, change.Object);
            }
        });
    }

    public IReadOnlyList<RunRecord> Runs
    {
        get
        {
            lock (_gate)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>The run the test is about to take off a khstate by hand: it may end without a result.</summary>
    public void Excuse(string uuid)
    {
        lock (_gate)
        {
            if (_byUuid.TryGetValue(uuid, out var run))
            {
                run.Excused = true;
            }
        }
    }

    public RunRecord? Run(string uuid)
    {
        lock (_gate)
        {
            return _byUuid.GetValueOrDefault(uuid);
        }
    }

    /// <summary>The runs of a check begun after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<RunRecord> RunsOf(string check, DateTimeOffset since) =>
        Runs.Where(r => r.Check == check && r.SeenBegun >= since).ToList();

    /// <summary>The latest run of a check with a result, if any.</summary>
    public RunRecord? LastResult(string check) =>
        Runs.Where(r => r.Check == check && r.SeenResult is not null).MaxBy(r => r.SeenResult);

    /// <summary>When a run of the check first completed OK after <paramref name="after"/>.</summary>
    public DateTimeOffset? FirstOkAfter(string check, DateTimeOffset after) =>
        Runs.Where(r => r.Check == check && r.Ok && r.SeenResult >= after).Min(r => r.SeenResult);

    public IReadOnlyList<PodRecord> PodsOf(string runUuid)
    {
        lock (_gate)
        {
            return _pods.Values.Where(p => p.RunUuid == runUuid).ToList();
        }
    }

    /// <summary>Checker pods whose run id no khstate ever named (a pod made for a run that was never begun).</summary>
    public IReadOnlyList<PodRecord> PodsWithoutRun(DateTimeOffset since)
    {
        lock (_gate)
        {
            return _pods.Values.Where(p => p.SeenCreated >= since && !_byUuid.ContainsKey(p.RunUuid)).ToList();
        }
    }

    /// <summary>Runs of one check begun while an earlier one had no result (and was not excused), as text.</summary>
    public IReadOnlyList<string> OverlapsSince(DateTimeOffset since)
    {
        lock (_gate)
        {
            return _overlaps.Where(o => o.At >= since).Select(o => o.What).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_states, _podsWatch).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private void OnState(KuberhealthyState state)
    {
        var check = state.Metadata.Name;
        var spec = state.Spec;
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            // The result first: one event may carry the result of one run and the start of the next.
            if (spec.ResultUuid is { Length: > 0 } done)
            {
                var run = Begin(check, done, now);
                if (run.SeenResult is null)
                {
                    run.SeenResult = now;
                    run.Ok = spec.OK && string.IsNullOrEmpty(spec.Reason);
                    run.Reason = spec.Reason;
                    run.Errors = string.Join(" | ", spec.Errors);
                }
            }

            if (spec.Uuid is { Length: > 0 } current && current != spec.ResultUuid)
            {
                Begin(check, current, now).Deadline ??= spec.RunDeadline;
            }
        }
    }

    // Called under the lock.
    private RunRecord Begin(string check, string uuid, DateTimeOffset now)
    {
        if (_byUuid.TryGetValue(uuid, out var known))
        {
            return known;
        }

        foreach (var open in _runs.Where(r => r.Check == check && r.SeenResult is null && !r.Excused))
        {
            _overlaps.Add((now, $"{check}: run {uuid} began while run {open.Uuid} (seen {open.SeenBegun:HH:mm:ss.f}) had no result"));
        }

        var run = new RunRecord(check, uuid, now);
        _runs.Add(run);
        _byUuid[uuid] = run;
        return run;
    }

    private void OnPod(WatchEventType type, V1Pod pod)
    {
        var uid = pod.Metadata.Uid;
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (!_pods.TryGetValue(uid, out var record))
            {
                record = new PodRecord(uid, pod.Metadata.Name, pod.GetAnnotation(CheckLabels.CheckNameAnnotation) ?? "", pod.GetLabel(CheckLabels.RunId) ?? "", now);
                _pods[uid] = record;
            }

            record.Phase = pod.Status?.Phase ?? "";
            if (type == WatchEventType.Deleted)
            {
                record.SeenDeleted ??= now;
            }
        }
    }
}
