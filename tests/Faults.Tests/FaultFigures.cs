namespace HealthChecks.Faults.Tests;

/// <summary>What one fault cost: per check the time to recover, and the runs lost or doubled.</summary>
internal sealed record FaultFigures(string Name, TimeSpan Lasted)
{
    /// <summary>Per periodic check: from the fault's end to its first OK run after it (null: none came).</summary>
    public Dictionary<string, TimeSpan?> Recovery { get; } = [];

    public (string Check, TimeSpan Time, TimeSpan Bound)? WorstRecovery { get; set; }

    public int Runs { get; set; }

    public List<string> Lost { get; } = [];

    public List<string> Doubled { get; } = [];

    public List<string> Exits { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>What breaks the promise; the test fails when there is any.</summary>
    public List<string> Problems { get; } = [];
}
