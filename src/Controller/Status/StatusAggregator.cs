using System.Globalization;
using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Status;

/// <summary>
/// Works out the status from cached khchecks, khjobs and khstates and the time: pure, no API call.
/// As upstream, every error of a check that counts is a cluster error, a namespace filter
/// recomputes OK and Errors over its subset, and a khstate with neither khcheck nor khjob still
/// counts once it holds a result. Beyond upstream, checks that never ran are listed as Pending
/// (upstream hides them) and do not count, paused checks do not count, and a check that missed
/// its schedule is STALE and does count (see <see cref="Staleness"/>).
/// </summary>
public static class StatusAggregator
{
    public static StatusView Build(
        IEnumerable<KuberhealthyState> states,
        IEnumerable<KuberhealthyCheck> checks,
        IEnumerable<KuberhealthyJob> jobs,
        string currentMaster,
        DateTimeOffset now,
        IReadOnlySet<string>? namespaces = null)
    {
        bool Wanted(CheckKey key) => namespaces is null || namespaces.Contains(key.Namespace);

        // Sized up front: at 10,000 checks, growing these by doubling cost a tenth of a scrape.
        var stateByKey = new Dictionary<CheckKey, KhStateSpec>(states.TryGetNonEnumeratedCount(out var stateCount) ? stateCount : 0);
        foreach (var state in states)
        {
            var key = ControllerCaches.KeyOf(state);
            if (Wanted(key))
            {
                stateByKey[key] = state.Spec;
            }
        }

        var checkCount = checks.TryGetNonEnumeratedCount(out var count) ? count : 0;
        var checkViews = new List<CheckView>(checkCount);
        var jobViews = new List<CheckView>();
        var seen = new HashSet<CheckKey>(checkCount);
        foreach (var check in checks)
        {
            var key = ControllerCaches.KeyOf(check);
            if (Wanted(key) && seen.Add(key))
            {
                checkViews.Add(ForCheck(key, check, stateByKey.GetValueOrDefault(key), now));
            }
        }

        foreach (var job in jobs)
        {
            var key = ControllerCaches.KeyOf(job);
            if (Wanted(key) && seen.Add(key))
            {
                jobViews.Add(ForJob(key, CheckDefinition.FromJob(job), stateByKey.GetValueOrDefault(key)));
            }
        }

        foreach (var (key, state) in stateByKey)
        {
            // A khstate whose khcheck or khjob is gone (the reaper removes it soon): shown once it
            // holds a result, where its workload says.
            if (!seen.Contains(key) && state.AuthoritativePod.Length > 0)
            {
                var view = ForJob(key, null, state) with { IsJob = state.Workload == nameof(WorkloadKind.KHJob) };
                (view.IsJob ? jobViews : checkViews).Add(view);
            }
        }

        checkViews.Sort(ByKey);
        jobViews.Sort(ByKey);
        var errors = checkViews.Concat(jobViews)
            .Where(v => v.CountsTowardCluster)
            .SelectMany(v => v.Errors)
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .ToList();
        return new StatusView
        {
            OK = errors.Count == 0,
            Errors = errors,
            Checks = checkViews,
            Jobs = jobViews,
            CurrentMaster = currentMaster,
            Now = now,
        };
    }

    private static int ByKey(CheckView a, CheckView b)
    {
        var byNamespace = string.CompareOrdinal(a.Key.Namespace, b.Key.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Key.Name, b.Key.Name);
    }

    private static CheckView ForCheck(CheckKey key, KuberhealthyCheck check, KhStateSpec? state, DateTimeOffset now)
    {
        var definition = CheckDefinition.FromCheck(check);
        var view = Common(key, state) with { Interval = definition.Interval, Timeout = definition.Timeout };
        if (definition.Paused)
        {
            return view with { State = CheckState.Paused };
        }

        if (!definition.IsValid || definition.Interval is not { } interval)
        {
            return view; // shown as the khstate says (the controller writes an InvalidSpec result)
        }

        var lastStart = Staleness.LastStart(state, check.Metadata.CreationTimestamp);
        if (Staleness.IsStale(lastStart, interval, definition.Timeout, now))
        {
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"{key} is STALE: no run started since {lastStart:yyyy-MM-dd'T'HH:mm:ss'Z'}, though it runs every {GoDuration.Format(interval)} with a {GoDuration.Format(definition.Timeout)} timeout");
            return view with { State = CheckState.Stale, OK = false, Errors = [.. view.Errors, message], NextRun = view.RunningPod is null ? lastStart + interval : null };
        }

        var last = state?.RunStarted ?? state?.LastRun;
        return view with { NextRun = view.RunningPod is null && last is { } l ? l + interval : null };
    }

    private static CheckView ForJob(CheckKey key, CheckDefinition? definition, KhStateSpec? state) =>
        Common(key, state) with { IsJob = true, Timeout = definition?.Timeout };

    private static CheckView Common(CheckKey key, KhStateSpec? state)
    {
        var hasResult = state is { AuthoritativePod.Length: > 0 };
        return new CheckView
        {
            Key = key,
            State = !hasResult ? CheckState.Pending : state!.OK ? CheckState.Ok : CheckState.Failing,
            OK = state?.OK ?? false,
            Errors = state?.Errors ?? [],
            Spec = state,
            RunningPod = state is { RunInFlight: true } ? state.RunPod : null,
        };
    }
}
