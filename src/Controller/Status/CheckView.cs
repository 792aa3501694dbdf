using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Status;

/// <summary>
/// One check or job as the status page, the HTML view and the metrics show it: its khstate as
/// stored, plus what is worked out from the khcheck and the clock (state, schedule, running pod).
/// </summary>
public sealed record CheckView
{
    public required CheckKey Key { get; init; }

    public bool IsJob { get; init; }

    /// <summary>One of <see cref="CheckState"/>.</summary>
    public required string State { get; init; }

    /// <summary>The khstate's OK, except that a STALE check is not OK.</summary>
    public bool OK { get; init; }

    /// <summary>The khstate's errors, plus the STALE message for a stale check.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The khstate, or null when the check has none yet.</summary>
    public KhStateSpec? Spec { get; init; }

    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>When the next run is due (one interval after the last start); null while running, paused or never run.</summary>
    public DateTimeOffset? NextRun { get; init; }

    /// <summary>The checker pod of the run in flight, if one is.</summary>
    public string? RunningPod { get; init; }

    public bool CountsTowardCluster => CheckState.Counts(State);

    /// <summary>True once a result (or an invalid-spec verdict) has been stored; upstream hides the others.</summary>
    public bool HasResult => Spec is { AuthoritativePod.Length: > 0 };

    /// <summary>The last run's duration, 0 when unknown (as upstream's metric).</summary>
    public TimeSpan Duration => Spec is { } spec && GoDuration.TryParse(spec.RunDuration, out var d) ? d : TimeSpan.Zero;
}
