using HealthChecks.Controller.Reporting;

namespace HealthChecks.Controller.Metrics;

/// <summary>What became of a checker's report: the <c>outcome</c> label of <c>kuberhealthy_reports_total</c>, one value per case the intake tells apart.</summary>
public enum IntakeOutcome
{
    /// <summary>Stored as the run's result (200).</summary>
    Stored,

    /// <summary>Larger than the limit (413).</summary>
    TooLarge,

    /// <summary>The body did not arrive within <c>reportReadTimeout</c> (408).</summary>
    SlowBody,

    /// <summary>No run id header, and no single running checker pod has the caller's address (400).</summary>
    NoRun,

    /// <summary>Not a report the parser accepts (400).</summary>
    Malformed,

    /// <summary>The run is not known here: not a run id (400), or no khstate names it even after a wait (503, retried by checkers).</summary>
    UnknownRun,

    /// <summary>The run is not known here yet and the reports waiting for their runs are at the limit (503).</summary>
    Busy,

    /// <summary>Refused before reading: the caller sent too many reports, or too many are being taken at once (429/503).</summary>
    Throttled,

    /// <summary>A newer run of the check has started (400).</summary>
    Superseded,

    /// <summary>The run already has a result (400).</summary>
    Duplicate,

    /// <summary>After the run's deadline (410).</summary>
    Late,

    /// <summary>Refused while the served CRDs would prune HealthChecks' fields (503, retried by checkers).</summary>
    CrdOutdated,
}

/// <summary>The label values of <see cref="IntakeOutcome"/>, and the outcome of each admission verdict.</summary>
public static class IntakeOutcomes
{
    public static IReadOnlyList<IntakeOutcome> All { get; } = Enum.GetValues<IntakeOutcome>();

    public static string Label(IntakeOutcome outcome) => outcome switch
    {
        IntakeOutcome.Stored => "stored",
        IntakeOutcome.TooLarge => "too_large",
        IntakeOutcome.SlowBody => "slow_body",
        IntakeOutcome.NoRun => "no_run",
        IntakeOutcome.Malformed => "malformed",
        IntakeOutcome.UnknownRun => "unknown_run",
        IntakeOutcome.Busy => "busy",
        IntakeOutcome.Throttled => "throttled",
        IntakeOutcome.Superseded => "superseded",
        IntakeOutcome.Duplicate => "duplicate",
        IntakeOutcome.Late => "late",
        IntakeOutcome.CrdOutdated => "crd_outdated",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static IntakeOutcome Of(ReportAdmission.Verdict verdict) => verdict switch
    {
        ReportAdmission.Verdict.Accept => IntakeOutcome.Stored,
        ReportAdmission.Verdict.Superseded => IntakeOutcome.Superseded,
        ReportAdmission.Verdict.AlreadyReported => IntakeOutcome.Duplicate,
        ReportAdmission.Verdict.PastDeadline => IntakeOutcome.Late,
        _ => IntakeOutcome.UnknownRun,
    };
}
