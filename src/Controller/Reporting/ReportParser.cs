using System.Text.Json;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Reporting;

/// <summary>
/// Turns a report body into a <see cref="RunResult"/> or a reason to refuse it. A failure needs at
/// least one non-blank error (both upstream versions), so a check never fails by accident. OK with
/// errors is stored, errors included, as Kuberhealthy v2 does (v3 refuses it; its checkers never
/// send it, and v2's checkers report to <c>/check</c> too, which is the default reporting path).
/// </summary>
public static class ReportParser
{
    public static bool TryParse(ReadOnlySpan<byte> body, out RunResult result, out string problem)
    {
        result = RunResult.Success;
        CheckReport? report;
        try
        {
            report = JsonSerializer.Deserialize(body, ReportJsonContext.Default.CheckReport);
        }
        catch (JsonException ex)
        {
            problem = "the report is not valid JSON: " + ex.Message;
            return false;
        }

        if (report?.OK is not { } ok)
        {
            problem = "the report has no boolean \"OK\" field";
            return false;
        }

        var errors = report.Errors ?? [];
        if (ok)
        {
            result = errors.Count == 0 ? RunResult.Success : new RunResult(true, KhStateTransitions.Bound(errors.Where(e => !string.IsNullOrWhiteSpace(e))!), null);
            problem = "";
            return true;
        }

        if (errors.Count == 0 || errors.Any(string.IsNullOrWhiteSpace))
        {
            problem = "a failed report needs at least one error and no blank ones";
            return false;
        }

        result = RunResult.Failure(FailureReason.CheckFailed, KhStateTransitions.Bound(errors!));
        problem = "";
        return true;
    }
}
