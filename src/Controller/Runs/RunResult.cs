namespace HealthChecks.Controller.Runs;

/// <summary>The outcome of one run as it is stored: OK, or failed with a reason and errors.</summary>
public sealed record RunResult(bool Ok, IReadOnlyList<string> Errors, string? Reason)
{
    public static RunResult Success { get; } = new(true, [], null);

    public static RunResult Failure(string reason, params IReadOnlyList<string> errors) => new(false, errors, reason);
}
