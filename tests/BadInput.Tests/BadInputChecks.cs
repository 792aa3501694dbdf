using System.Text;
using System.Text.Json;

namespace HealthChecks.BadInput.Tests;

/// <summary>
/// The real checks the attacks must not disturb: one passing and one failing every 10 s, and one
/// that runs once and reports a failure whose errors are hard to escape (quotes, backslashes,
/// newlines, control and non-ASCII characters, and one error as long as the intake's limit allows).
/// </summary>
internal static class BadInputChecks
{
    public const string Passing = "passing";
    public const string Failing = "failing";
    public const string OddErrors = "odd-errors";
    public const string FailingError = "the probe failed";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>The short errors of <see cref="OddErrors"/>; its last error is <see cref="LongError"/>.</summary>
    public static readonly string[] ShortOddErrors =
    [
        "say \"hi\" and 'bye'",
        @"C:\path\with\backslashes \\ and a trailing \",
        "line one\nline two\r\nline three\ttabbed",
        "bell \u0007 nul-free control \u001b[31m and unicode \u2603 \u2028 \ud83d\ude00",
        "label-like } = \" , # HELP kuberhealthy_check 1",
        "nul \u0000 inside",
    ];

    /// <summary>The report <see cref="OddErrors"/> sends: the largest body of this shape within <paramref name="limit"/> bytes.</summary>
    public static string OddReport(int limit)
    {
        // A unit is 6 characters and 9 bytes escaped; start from the estimate and shrink until it fits.
        const string unit = "q\"b\\n\n";
        string Body(int count) => JsonSerializer.Serialize(new { OK = false, Errors = ShortOddErrors.Append(string.Concat(Enumerable.Repeat(unit, count))).ToArray() }, Relaxed);
        var perUnit = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(unit, Relaxed)) - 2;
        for (var count = (limit - Encoding.UTF8.GetByteCount(Body(0))) / perUnit + 1; count > 0; count--)
        {
            var body = Body(count);
            if (Encoding.UTF8.GetByteCount(body) <= limit)
            {
                return body;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(limit), limit, "too small for the short errors");
    }

    /// <summary>The long error of <see cref="OddReport"/>.</summary>
    public static string LongError(string report) => JsonDocument.Parse(report).RootElement.GetProperty("Errors")[ShortOddErrors.Length].GetString()!;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The checker, run by the simulator as the busybox container's own command on the host's sh
    /// and curl: posts REPORT as docs/examples/shell-checker.sh does, retrying connection errors,
    /// 429 and 5xx (a flood may make it wait) until the run's deadline.
    /// </summary>
    private const string Script = """
        while [ "$(date +%s)" -lt "$KH_CHECK_RUN_DEADLINE" ]; do
          status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
            -H "kh-run-uuid: $KH_RUN_UUID" --data "$REPORT" "$KH_REPORTING_URL")"
          case "$status" in
            200) exit 0 ;;
            400|410|413) echo "report refused: HTTP $status"; exit 1 ;;
          esac
          echo "report not taken (HTTP $status); again"
          sleep 0.5
        done
        echo "deadline passed before the report was taken"; exit 1
        """;

    public static string Manifests(string oddReport) => string.Join(
        "\n---\n",
        Check(Passing, Interval, """{"OK":true,"Errors":[]}"""),
        Check(Failing, Interval, JsonSerializer.Serialize(new { OK = false, Errors = new[] { FailingError } })),
        Check(OddErrors, TimeSpan.FromHours(1), oddReport));

    private static string Check(string name, TimeSpan interval, string report) => $$"""
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{name}}}
        spec:
          runInterval: {{(int)interval.TotalSeconds}}s
          timeout: 30s
          podSpec:
            containers:
              - name: main
                image: busybox:1.36
                command: [sh, -c, {{JsonSerializer.Serialize(Script)}}]
                env: [{name: REPORT, value: {{JsonSerializer.Serialize(report)}}}]
        """;
}
