using HealthChecks.Controller.Reporting;

namespace HealthChecks.Controller.Metrics;

/// <summary>What became of a checker's report: the <c>outcome</c> label of <c>kuberhealthy_reports_total</c>, one value per case the intake tells apart.</summary>
public enum ReportOutcome
{
    /// <summary>Stored as the run's result (200).</summary>
    Stored,

    /// <summary>Larger than the limit (413).</summary>
    TooLarge,

    /// <summary>No run id header, and no single running checker pod has the caller's address (400).</summary>
    NoRun,

    /// <summary>Not a report the parser accepts (400).</summary>
    Malformed,

    /// <summary>No khstate names the run (400).</summary>
    UnknownRun,

    /// <summary>A newer run of the check has started (400).</summary>
    Superseded,

    /// <summary>The run already has a result (400).</summary>
    Duplicate,

    /// <summary>After the run's deadline (410).</summary>
    Late,
}

/// <summary>The label values of <see cref="ReportOutcome"/>, and the outcome of each admission verdict.</summary>
public static class ReportOutcomes
{
    public static IReadOnlyList<ReportOutcome> All { get; } = Enum.GetValues<ReportOutcome>();

    public static string Label(ReportOutcome outcome) => outcome switch
    {
        ReportOutcome.Stored => "stored",
        ReportOutcome.TooLarge => "too_large",
        ReportOutcome.NoRun => "no_run",
        ReportOutcome.Malformed => "malformed",
        ReportOutcome.UnknownRun => "unknown_run",
        ReportOutcome.Superseded => "superseded",
        ReportOutcome.Duplicate => "duplicate",
        ReportOutcome.Late => "late",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static ReportOutcome Of(ReportAdmission.Verdict verdict) => verdict switch
    {
        ReportAdmission.Verdict.Accept => ReportOutcome.Stored,
        ReportAdmission.Verdict.Superseded => ReportOutcome.Superseded,
        ReportAdmission.Verdict.AlreadyReported => ReportOutcome.Duplicate,
        ReportAdmission.Verdict.PastDeadline => ReportOutcome.Late,
        _ => ReportOutcome.UnknownRun,
    };
}
