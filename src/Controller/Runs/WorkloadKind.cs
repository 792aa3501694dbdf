namespace HealthChecks.Controller.Runs;

/// <summary>What a khstate belongs to. The names are upstream's <c>khWorkload</c> values.</summary>
public enum WorkloadKind
{
    KHCheck,
    KHJob,
}
