namespace HealthChecks.Checks.Deployment;

/// <summary>A stage of the deployment check failed; the report says which stage and why.</summary>
internal sealed class StageFailedException : Exception
{
    public StageFailedException(string stage, string cause)
        : base($"{stage}: {cause}")
    {
        Stage = stage;
        Cause = cause;
    }

    public StageFailedException()
        : this("unknown stage", "failed")
    {
    }

    public StageFailedException(string message)
        : this("unknown stage", message)
    {
    }

    public StageFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Stage = "unknown stage";
        Cause = message;
    }

    public string Stage { get; } = "";

    public string Cause { get; } = "";
}
