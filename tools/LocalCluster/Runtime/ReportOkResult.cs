namespace HealthChecks.LocalCluster.Runtime;

/// <summary>How a report-ok container's report ended: accepted (HTTP 200) or not, after how many attempts, and why.</summary>
internal sealed record ReportOkResult(bool Accepted, int Attempts, string Summary);
