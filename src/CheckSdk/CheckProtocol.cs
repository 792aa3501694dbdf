namespace HealthChecks.CheckSdk;

/// <summary>The names of the Kuberhealthy v2 checker contract (DESIGN.md §2), shared by the SDK and the controller.</summary>
public static class CheckProtocol
{
    public const string ReportingUrlVariable = "KH_REPORTING_URL";
    public const string RunUuidVariable = "KH_RUN_UUID";
    public const string DeadlineVariable = "KH_CHECK_RUN_DEADLINE";
    public const string PodNamespaceVariable = "KH_POD_NAMESPACE";
    public const string RunUuidHeader = "kh-run-uuid";

    /// <summary>Where Kuberhealthy v2's checkers report.</summary>
    public const string V2ReportPath = "/externalCheckStatus";

    /// <summary>Where Kuberhealthy v3's checkers report; its Go client refuses any other path. The default reporting URL's path.</summary>
    public const string V3ReportPath = "/check";
}
