using System.Text;
using System.Text.Json;
using HealthChecks.TestKit;

namespace HealthChecks.BadInput.Tests;

/// <summary>
/// A real checker reports errors with quotes, backslashes, newlines, control and non-ASCII
/// characters, and one as long as a report may be: the status JSON and the Prometheus text still
/// parse, and the errors read back as sent (the long one cut to its stored bound).
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed class ErrorTextTests(BadInputSuite suite)
{
    [Fact]
    public async Task Hard_to_escape_errors_keep_JSON_and_the_Prometheus_text_valid()
    {
        Assert.InRange(Encoding.UTF8.GetByteCount(suite.OddReport), BadInputSuite.MaxReportBytes - 16, BadInputSuite.MaxReportBytes);
        var state = await suite.ResultAfterAsync(BadInputChecks.OddErrors, DateTimeOffset.MinValue, TimeSpan.FromSeconds(60));
        var longError = BadInputChecks.LongError(suite.OddReport);
        string[] expected = [.. BadInputChecks.ShortOddErrors, longError[..2048] + "…"];
        Assert.False(state.OK);
        Assert.Equal(expected, state.Errors);

        // /json: parsed by System.Text.Json, the errors as stored.
        var json = await Intake.Http.GetStringAsync(new Uri(suite.Url + "/json"));
        using var document = JsonDocument.Parse(json);
        var detail = document.RootElement.GetProperty("CheckDetails").GetProperty($"{suite.Namespace}/{BadInputChecks.OddErrors}");
        Assert.Equal(expected, detail.GetProperty("Errors").EnumerateArray().Select(e => e.GetString()));

        // /metrics: promtool parses and lints the whole text, the odd check's series included.
        var metrics = await Intake.Http.GetStringAsync(new Uri(suite.Url + "/metrics"));
        Assert.Contains($"check=\"{suite.Namespace}/{BadInputChecks.OddErrors}\"", metrics, StringComparison.Ordinal);
        var (exitCode, findings) = await Promtool.CheckMetricsAsync(metrics);
        Assert.True(exitCode == 0 && findings.Length == 0, $"promtool check metrics: exit {exitCode}\n{findings}");

        // The same errors at 100 KiB are refused whole, with a reason, before anything is parsed.
        var hundredKiB = JsonSerializer.Serialize(new { OK = false, Errors = BadInputChecks.ShortOddErrors.Append(longError + longError) });
        Assert.True(Encoding.UTF8.GetByteCount(hundredKiB) > 100 * 1024);
        var (status, text) = await Intake.PostAsync(suite.Url, state.Uuid, hundredKiB);
        Assert.Equal(413, status);
        Assert.Equal($"the report is larger than {BadInputSuite.MaxReportBytes} bytes", text);
        Assert.Equal(expected, (await suite.StateAsync(BadInputChecks.OddErrors)).Errors);
        await suite.AssertChecksUnaffectedAsync();
    }
}
