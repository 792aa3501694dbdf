namespace HealthChecks.TestKit;

/// <summary>
/// Debian's <c>promtool</c> (package <c>prometheus</c>, installed by scripts/test.sh): the reference
/// parser and linter of the text format our /metrics writes.
/// </summary>
public static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="text"/>; returns its exit code and findings (0 and "" when clean).</summary>
    public static async Task<(int ExitCode, string Findings)> CheckMetricsAsync(string text)
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: install Debian's prometheus package (scripts/test.sh does)");
        }

        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hc-metrics-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, text);
        try
        {
            // promtool reads the metrics from stdin only.
            var result = await ProcessRunner.RunAsync("sh", ["-c", $"{Path} check metrics < \"$1\"", "sh", file], TimeSpan.FromSeconds(60));
            return (result.ExitCode, (result.StandardError + result.StandardOutput).Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
