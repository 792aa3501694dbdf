using System.Text.Json;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Reporting;

/// <summary>
/// Turns a report body into a <see cref="RunResult"/> or a reason to refuse it. Stricter than
/// upstream v2 where its docs and v3 are: OK with errors is refused, as is a failure without a
/// non-blank error, so a check can never succeed or fail by accident.
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
            problem = errors.Count > 0 ? "the report says OK but carries errors" : "";
            return errors.Count == 0;
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
