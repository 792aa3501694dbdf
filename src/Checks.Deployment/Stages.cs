namespace HealthChecks.Checks.Deployment;

/// <summary>The deployment check's stages, as they appear at the start of a failure.</summary>
internal static class Stages
{
    public const string PreCheckCleanup = "pre-check cleanup";
    public const string CreateDeployment = "create deployment";
    public const string CreateService = "create service";
    public const string Request = "request";
    public const string RollingUpdate = "rolling update";
    public const string RequestAfterRollingUpdate = "request after rolling update";
    public const string Cleanup = "cleanup";
}
