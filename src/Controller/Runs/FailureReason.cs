namespace HealthChecks.Controller.Runs;

/// <summary>
/// The bounded set of reasons a run fails, stored in the khstate's <c>Reason</c>, shown in the
/// status JSON and used as a metric label; never free text.
/// </summary>
public static class FailureReason
{
    /// <summary>The checker reported OK=false.</summary>
    public const string CheckFailed = "CheckFailed";

    /// <summary>No report before the deadline while the pod ran.</summary>
    public const string Timeout = "Timeout";

    /// <summary>The pod ended, or was deleted, without reporting.</summary>
    public const string PodFailed = "PodFailed";

    /// <summary>The pod never ran: image pull error, bad container config, unschedulable.</summary>
    public const string PodStartFailed = "PodStartFailed";

    /// <summary>The controller could not run the check (API errors creating the pod, for example).</summary>
    public const string ControllerError = "ControllerError";

    /// <summary>The khcheck or khjob itself is invalid; it is not run until fixed.</summary>
    public const string InvalidSpec = "InvalidSpec";

    public static IReadOnlyList<string> All { get; } = [CheckFailed, Timeout, PodFailed, PodStartFailed, ControllerError, InvalidSpec];
}
