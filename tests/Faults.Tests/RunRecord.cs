namespace HealthChecks.Faults.Tests;

/// <summary>One run of a check as the observer saw it: begun (its UUID in the khstate), its pods, its result.</summary>
internal sealed class RunRecord(string check, string uuid, DateTimeOffset seenBegun)
{
    public string Check { get; } = check;

    public string Uuid { get; } = uuid;

    /// <summary>When the observer first saw the run (test clock).</summary>
    public DateTimeOffset SeenBegun { get; } = seenBegun;

    public DateTimeOffset? Deadline { get; set; }

    /// <summary>When the observer first saw the run's result (test clock); null while none.</summary>
    public DateTimeOffset? SeenResult { get; set; }

    public bool Ok { get; set; }

    public string? Reason { get; set; }

    public string? Errors { get; set; }

    /// <summary>The test itself took this run off the khstate (a hand edit): it may end without a result.</summary>
    public bool Excused { get; set; }

    public override string ToString() =>
        $"{Check} run {Uuid} (seen {SeenBegun:HH:mm:ss.f}" + (SeenResult is { } at ? $", result {(Ok ? "OK" : Reason)} at {at:HH:mm:ss.f})" : ", no result)");
}

/// <summary>One checker pod as the observer saw it.</summary>
internal sealed record PodRecord(string Uid, string Name, string Check, string RunUuid, DateTimeOffset SeenCreated)
{
    public string Phase { get; set; } = "";

    public DateTimeOffset? SeenDeleted { get; set; }
}
