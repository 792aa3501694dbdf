namespace HealthChecks.CheckSdk.Running;

/// <summary>The checker process's exit codes, as <see cref="CheckRunner"/> sets them.</summary>
public static class ExitCodes
{
    /// <summary>The check passed and the controller accepted the report.</summary>
    public const int Passed = 0;

    /// <summary>The check failed and the controller accepted the report.</summary>
    public const int Failed = 1;

    /// <summary>The contract variables are missing or malformed: nothing could be reported.</summary>
    public const int BadEnvironment = 2;

    /// <summary>The report was not accepted (400, 410, another final status, or the deadline passed while retrying).</summary>
    public const int NotDelivered = 3;
}
