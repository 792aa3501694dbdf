using System.Text.Json;

namespace HealthChecks.Faults.Tests;

/// <summary>
/// The khchecks the faults run against. Three run on a short schedule and report OK (one after a
/// few seconds, so some run is often in flight when a fault hits); they must keep passing. The
/// gated one runs only when a test asks (its interval is an hour) and reports only once the test
/// opens its gate, so a test can hold a run in flight for as long as it needs.
/// </summary>
internal static class FaultChecks
{
    public const string Gated = "gated";

    public static readonly IReadOnlyList<PeriodicCheck> Periodic =
    [
        new("quick", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(0)),
        new("steady", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(0)),
        new("slow", TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(6)),
    ];

    /// <summary>How long a periodic check's run may take before it times out.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan GatedTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The checker, run by the simulator as the busybox container's own command on the host's sh
    /// and curl: waits DELAY seconds, then (with GATE_URL) until GET GATE_URL/RUN_UUID answers 2xx,
    /// then reports OK as docs/examples/shell-checker.sh does: retrying connection errors and 5xx
    /// until the run's deadline. Each try is given 3 s: a replica cut off from the API holds a
    /// report until its own API call times out (30 s), and the next try may reach the other one.
    /// </summary>
    private const string Script = """
        sleep "${DELAY:-0}"
        if [ -n "${GATE_URL:-}" ]; then
          until curl -sf --max-time 2 -o /dev/null "$GATE_URL/$KH_RUN_UUID"; do
            [ "$(date +%s)" -lt "$KH_CHECK_RUN_DEADLINE" ] || { echo "the gate never opened"; exit 1; }
            sleep 1
          done
        fi
        while [ "$(date +%s)" -lt "$KH_CHECK_RUN_DEADLINE" ]; do
          status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -X POST -H 'Content-Type: application/json' \
            -H "kh-run-uuid: $KH_RUN_UUID" --data '{"OK":true,"Errors":[]}' "$KH_REPORTING_URL")"
          case "$status" in
            200) exit 0 ;;
            400|410) echo "report refused: HTTP $status"; exit 1 ;;
          esac
          echo "report not taken (HTTP $status); again"
          sleep 0.5
        done
        echo "deadline passed before the report was taken"; exit 1
        """;

    public static string Manifests(Uri gate)
    {
        var documents = Periodic.Select(c => Check(c.Name, c.Interval, Timeout, $"{{name: DELAY, value: \"{(int)c.Delay.TotalSeconds}\"}}")).ToList();
        documents.Add(Check(Gated, TimeSpan.FromHours(1), GatedTimeout, $"{{name: GATE_URL, value: \"{gate.ToString().TrimEnd('/')}\"}}"));
        return string.Join("\n---\n", documents);
    }

    private static string Check(string name, TimeSpan interval, TimeSpan timeout, string env) => $$"""
        apiVersion: comcast.github.io/v1
        kind: KuberhealthyCheck
        metadata: {name: {{name}}}
        spec:
          runInterval: {{(int)interval.TotalSeconds}}s
          timeout: {{(int)timeout.TotalSeconds}}s
          podSpec:
            containers:
              - name: main
                image: busybox:1.36
                command: [sh, -c, {{JsonSerializer.Serialize(Script)}}]
                env: [{{env}}]
        """;
}

/// <summary>A check on a schedule; <c>Delay</c> is how long its checker works before it reports.</summary>
internal sealed record PeriodicCheck(string Name, TimeSpan Interval, TimeSpan Delay);
