namespace HealthChecks.Controller.Events;

/// <summary>
/// Which changes of a check's result deserve an Event: it starts failing (or fails for another
/// reason), it recovers, it becomes invalid (or invalid differently). A success after a success,
/// or the same failure again, is news to nobody and writes nothing; the status page and metrics
/// carry every run.
/// </summary>
public static class EventTransitions
{
    /// <param name="previous">The outcome before (null: not known, e.g. a new check).</param>
    /// <param name="current">The outcome now.</param>
    public static CheckEvent? Decide(CheckOutcome? previous, CheckOutcome current)
    {
        if (current.Invalid)
        {
            return previous is { Invalid: true } && previous.Errors.SequenceEqual(current.Errors)
                ? null
                : new CheckEvent("Warning", current.Reason!, Message(current.Errors, "the check is invalid"));
        }

        if (previous is not null && previous.ResultUuid == current.ResultUuid)
        {
            return null; // no new result
        }

        if (current.Failing)
        {
            if (previous is { Failing: true } && previous.Reason == current.Reason)
            {
                return null;
            }

            var tolerated = current.Ok ? $" ({current.ConsecutiveFailures} in a row, tolerated below the check's failureThreshold)" : "";
            return new CheckEvent("Warning", current.Reason!, Message(current.Errors, "the check failed") + tolerated);
        }

        if (current.Ok && previous is { Failing: true } or { Invalid: true })
        {
            var after = previous.Failing ? $" after {Math.Max(1, previous.ConsecutiveFailures)} failed run(s) ({previous.Reason})" : " after its spec was fixed";
            return new CheckEvent("Normal", CheckEvent.Recovered, "the check passed again" + after);
        }

        return null;
    }

    private static string Message(IReadOnlyList<string> errors, string otherwise) =>
        errors.Count == 0 ? otherwise : string.Join("; ", errors);
}
