using System.Globalization;
using System.Text;
using HealthChecks.TestKit;

namespace HealthChecks.Faults.Tests;

/// <summary>
/// Writes the figures of each fault to <c>artifacts/faults.md</c> (or <c>$HC_TEST_ARTIFACTS</c>),
/// one table row per fault as it finishes, so they can be copied into docs/reliability.md; and
/// the replicas' logs beside it.
/// </summary>
internal sealed class FaultReport
{
    private readonly Lock _gate = new();
    private DateTimeOffset _started;

    public static string Directory =>
        Environment.GetEnvironmentVariable("HC_TEST_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryPaths.Root, "artifacts");

    public static string File => Path.Combine(Directory, "faults.md");

    public void Start()
    {
        _started = DateTimeOffset.UtcNow;
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.File.WriteAllText(File, $"""
            # Fault suite figures ({_started:yyyy-MM-dd HH:mm} UTC)

            Time to recover: from the end of the fault until every periodic check has completed an OK run again
            (worst check; bound: its interval + lease duration 15 s + 10 s). Runs: runs begun or still open during the fault's window.

            | fault | fault lasted | time to recover (worst check) | bound | runs | lost | doubled | replica exits | notes | verdict |
            |---|---|---|---|---|---|---|---|---|---|

            """.Replace("\r", "", StringComparison.Ordinal));
    }

    public void Add(FaultFigures figures)
    {
        var row = string.Join(" | ", [
            figures.Name,
            Seconds(figures.Lasted),
            figures.WorstRecovery is { } worst ? $"{Seconds(worst.Time)} ({worst.Check})" : "never",
            figures.WorstRecovery is { } w ? Seconds(w.Bound) : "",
            figures.Runs.ToString(CultureInfo.InvariantCulture),
            figures.Lost.Count.ToString(CultureInfo.InvariantCulture),
            figures.Doubled.Count.ToString(CultureInfo.InvariantCulture),
            figures.Exits.Count.ToString(CultureInfo.InvariantCulture),
            string.Join("; ", figures.Notes),
            figures.Problems.Count == 0 ? "pass" : "FAIL",
        ]);
        lock (_gate)
        {
            System.IO.File.AppendAllText(File, "| " + row + " |\n");
        }
    }

    public static void KeepLog(string identity, string output)
    {
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.File.WriteAllText(Path.Combine(Directory, $"faults-{identity}.log"), output);
    }

    public void Finish()
    {
        lock (_gate)
        {
            System.IO.File.AppendAllText(File, $"\nWhole suite: {Seconds(DateTimeOffset.UtcNow - _started)} after the controllers and checks were up.\n");
        }
    }

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Describe(FaultFigures figures)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{figures.Name}: {string.Join("; ", figures.Problems)}");
        foreach (var (check, time) in figures.Recovery)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {check}: recovered {(time is { } t ? Seconds(t) : "never")}");
        }

        foreach (var line in figures.Lost.Concat(figures.Doubled).Concat(figures.Exits))
        {
            text.AppendLine("  " + line);
        }

        return text.ToString();
    }
}
