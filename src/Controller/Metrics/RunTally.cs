using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Metrics;

/// <summary>
/// Counts finished runs per check, by result and reason, from what the khstates show: a run has
/// finished when a khstate's <c>ResultUUID</c> changes to a new run. Every replica sees the same
/// khstate changes, so every replica's counters agree, whichever replica stored the result. What a
/// khstate already holds when first seen happened before this process started and is not counted
/// (a counter starts at zero with its process). Not thread-safe: one caller, the watch loop.
/// </summary>
public sealed class RunTally
{
    /// <summary>The reasons a run can fail with: <see cref="FailureReason.All"/> but InvalidSpec, which is no run.</summary>
    public static IReadOnlyList<string> RunFailureReasons { get; } = FailureReason.All.Where(r => r != FailureReason.InvalidSpec).ToList();

    /// <summary>The reason label of a failure whose reason is not one we know (written by some other version).</summary>
    public const string OtherReason = "Other";

    private readonly Dictionary<CheckKey, string> _lastResult = [];
    private readonly Dictionary<CheckKey, RunCounts> _counts = [];

    /// <summary>Counts the run whose result the khstate shows, if it is new; true when it was counted (once per run).</summary>
    public bool Observe(CheckKey key, KhStateSpec state)
    {
        var result = state.ResultUuid ?? "";
        if (!_lastResult.TryGetValue(key, out var previous))
        {
            _lastResult[key] = result; // the baseline: whatever happened before we watched
            return false;
        }

        if (result.Length == 0 || result == previous)
        {
            return false;
        }

        _lastResult[key] = result;
        var counts = _counts.TryGetValue(key, out var existing) ? existing : new RunCounts(0, new Dictionary<string, long>());
        if (string.IsNullOrEmpty(state.Reason))
        {
            counts = counts with { Successes = counts.Successes + 1 };
        }
        else
        {
            var reason = RunFailureReasons.Contains(state.Reason) ? state.Reason : OtherReason;
            var failures = new Dictionary<string, long>(counts.Failures);
            failures[reason] = failures.GetValueOrDefault(reason) + 1;
            counts = counts with { Failures = failures };
        }

        _counts[key] = counts;
        return true;
    }

    public void Forget(CheckKey key)
    {
        _lastResult.Remove(key);
        _counts.Remove(key);
    }

    /// <summary>A copy to render from (counts are replaced, never changed in place, so sharing them is safe).</summary>
    public IReadOnlyDictionary<CheckKey, RunCounts> Snapshot() => new Dictionary<CheckKey, RunCounts>(_counts);
}

/// <summary>Finished runs of one check: successes, and failures by reason.</summary>
public sealed record RunCounts(long Successes, IReadOnlyDictionary<string, long> Failures)
{
    public static RunCounts None { get; } = new(0, new Dictionary<string, long>());
}
