namespace HealthChecks.Controller.Runs;

/// <summary>What the leader does next with a run in flight.</summary>
public abstract record RunVerdict
{
    /// <summary>Nothing decided yet: look again when something changes, or at <paramref name="Until"/>.</summary>
    public sealed record Wait(DateTimeOffset Until) : RunVerdict;

    /// <summary>A report stored the result (on this or another replica).</summary>
    public sealed record Reported : RunVerdict;

    /// <summary>A newer run replaced this one; this one must not write anything.</summary>
    public sealed record Superseded : RunVerdict;

    /// <summary>The run is over without a report: store this failure.</summary>
    public sealed record Failed(RunResult Result) : RunVerdict;
}
