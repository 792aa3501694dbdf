namespace HealthChecks.Controller.Status;

/// <summary>The whole status at one instant: what every view (JSON, HTML, metrics) renders.</summary>
public sealed record StatusView
{
    public bool OK { get; init; } = true;

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>khchecks (and orphaned khstates), ordered by <c>namespace/name</c>.</summary>
    public IReadOnlyList<CheckView> Checks { get; init; } = [];

    /// <summary>khjobs, ordered by <c>namespace/name</c>.</summary>
    public IReadOnlyList<CheckView> Jobs { get; init; } = [];

    /// <summary>The Lease holder as last seen ("" when unknown).</summary>
    public string CurrentMaster { get; init; } = "";

    public DateTimeOffset Now { get; init; }

    /// <summary>Why the controller runs no checks at all (outdated CRDs), or null: shown above everything, and first among the errors.</summary>
    public string? ControllerProblem { get; init; }

    /// <summary>This status with a controller-wide problem: not OK whatever the checks say, the problem the first error.</summary>
    public StatusView WithControllerProblem(string problem) =>
        this with { OK = false, Errors = [problem, .. Errors], ControllerProblem = problem };
}
