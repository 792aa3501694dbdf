namespace HealthChecks.Faults.Tests;

/// <summary>One fault's time line: opened once all was steady, then the fault's start and end.</summary>
internal sealed class FaultWindow(string name, DateTimeOffset opened, IReadOnlySet<string> openRuns, string? leader)
{
    /// <summary>Who held the Lease when the window opened.</summary>
    public string? Leader { get; } = leader;

    public string Name { get; } = name;

    /// <summary>When the steady state before the fault was confirmed.</summary>
    public DateTimeOffset Opened { get; } = opened;

    /// <summary>Runs in flight when the window opened: they count for this fault too.</summary>
    public IReadOnlySet<string> OpenRuns { get; } = openRuns;

    public DateTimeOffset? FaultStarted { get; private set; }

    public DateTimeOffset? FaultEnded { get; private set; }

    public List<string> Notes { get; } = [];

    public void Started() => FaultStarted ??= DateTimeOffset.UtcNow;

    public void Ended() => FaultEnded = DateTimeOffset.UtcNow;

    public void Note(string note) => Notes.Add(note);
}
