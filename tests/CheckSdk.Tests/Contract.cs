namespace HealthChecks.CheckSdk.Tests;

/// <summary>Contract values for tests: a run whose report goes to a test server.</summary>
internal static class Contract
{
    public const string RunUuid = "7d1c1c7e-7a56-4d0e-9a8e-1c2b3d4e5f60";

    public static CheckEnvironment Environment(Uri reportingUrl, DateTimeOffset deadline) =>
        new(reportingUrl, RunUuid, deadline, "kuberhealthy");

    public static Dictionary<string, string> Variables(Uri reportingUrl, DateTimeOffset deadline) => new()
    {
        [CheckProtocol.ReportingUrlVariable] = reportingUrl.ToString(),
        [CheckProtocol.RunUuidVariable] = RunUuid,
        [CheckProtocol.DeadlineVariable] = deadline.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        [CheckProtocol.PodNamespaceVariable] = "kuberhealthy",
    };
}
