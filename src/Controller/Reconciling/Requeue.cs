namespace HealthChecks.Controller.Reconciling;

/// <summary>When to look at an item again after a pass (controller-runtime's reconcile.Result).</summary>
public readonly record struct Requeue(TimeSpan? After, bool WithBackoff)
{
    /// <summary>Only when something changes.</summary>
    public static Requeue OnChange { get; } = new(null, false);

    /// <summary>A pass that could not finish: again after the rate limiter's delay.</summary>
    public static Requeue Backoff { get; } = new(null, true);

    public static Requeue In(TimeSpan delay) => new(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, false);
}
