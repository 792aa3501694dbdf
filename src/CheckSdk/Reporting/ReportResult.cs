namespace HealthChecks.CheckSdk.Reporting;

/// <summary>The end of one report: its outcome, the last HTTP status seen (if any) and how many attempts it took.</summary>
public sealed record ReportResult(ReportOutcome Outcome, int? LastStatusCode, int Attempts, string? LastError = null)
{
    public bool Delivered => Outcome == ReportOutcome.Accepted;
}
