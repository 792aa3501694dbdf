using HealthChecks.Controller.Resources;

namespace HealthChecks.Controller.Reporting;

/// <summary>Whether the run a report names may store a result now, and the HTTP answer if not.</summary>
public static class ReportAdmission
{
    public enum Verdict
    {
        Accept,
        UnknownRun,
        Superseded,
        AlreadyReported,
        PastDeadline,
    }

    public static Verdict Decide(KhStateSpec? state, string runUuid, DateTimeOffset now)
    {
        if (state is null || runUuid.Length == 0)
        {
            return Verdict.UnknownRun;
        }

        if (state.Uuid != runUuid)
        {
            return Verdict.Superseded;
        }

        // Past the deadline the answer is 410 whether or not the leader has stored the timeout yet.
        if (state.RunDeadline is { } deadline && now > deadline)
        {
            return Verdict.PastDeadline;
        }

        return state.ResultUuid == runUuid ? Verdict.AlreadyReported : Verdict.Accept;
    }

    public static int StatusCode(Verdict verdict) => verdict switch
    {
        Verdict.Accept => 200,
        Verdict.PastDeadline => 410,
        _ => 400,
    };

    public static string Describe(Verdict verdict, string runUuid) => verdict switch
    {
        Verdict.Accept => "",
        Verdict.UnknownRun => $"run {runUuid} is unknown",
        Verdict.Superseded => $"run {runUuid} was superseded by a newer run",
        Verdict.AlreadyReported => $"run {runUuid} has already reported",
        Verdict.PastDeadline => $"run {runUuid} reported after its deadline",
        _ => verdict.ToString(),
    };
}
