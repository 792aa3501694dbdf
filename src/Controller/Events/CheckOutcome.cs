using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Events;

/// <summary>What a khstate says about its check's last result, for deciding whether something changed.</summary>
public sealed record CheckOutcome(string? ResultUuid, bool Ok, string? Reason, IReadOnlyList<string> Errors, int ConsecutiveFailures)
{
    /// <summary>A failed run, shown or still tolerated below the check's failureThreshold.</summary>
    public bool Failing => Reason is not null && Reason != FailureReason.InvalidSpec;

    public bool Invalid => Reason == FailureReason.InvalidSpec;

    public static CheckOutcome Of(KhStateSpec state) =>
        new(state.ResultUuid, state.OK, state.Reason, state.Errors, state.ConsecutiveFailures ?? 0);
}
