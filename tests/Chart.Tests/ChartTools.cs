using HealthChecks.TestKit;

namespace HealthChecks.Chart.Tests;

/// <summary>
/// Where the chart and the tools are. helm comes from the npm package named in DESIGN.md §4 and is
/// cached by <c>hc_install_helm</c> (scripts/lib-prereqs.sh); promtool from Debian's
/// <c>prometheus</c>. scripts/test.sh installs both; a missing tool fails the test with the fix.
/// </summary>
internal static class ChartTools
{
    public static string ChartDirectory => Path.Combine(RepositoryPaths.Root, "charts", "healthchecks");

    /// <summary>The chart's value files for each documented option combination (chart-testing's <c>ci/</c> layout).</summary>
    public static string CiValuesDirectory => Path.Combine(ChartDirectory, "ci");

    public static string Helm
    {
        get
        {
            var path = System.Environment.GetEnvironmentVariable("HC_HELM") is { Length: > 0 } set ? set : Path.Combine(CacheDirectory(), "helm-3.17.3", "helm");
            return File.Exists(path) ? path : throw new FileNotFoundException(
                $"helm is not at {path}; install it with: bash -c '. scripts/lib-prereqs.sh && hc_install_helm' (scripts/test.sh does)");
        }
    }

    public static string Promtool
    {
        get
        {
            var path = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                .Select(dir => Path.Combine(dir, "promtool")).FirstOrDefault(File.Exists);
            return path ?? throw new FileNotFoundException(
                "promtool is not on PATH; install Debian's prometheus package: bash -c '. scripts/lib-prereqs.sh && hc_apt_install prometheus' (scripts/test.sh does)");
        }
    }

    /// <summary>A fresh folder under the temp directory, deleted when disposed.</summary>
    public static TempDirectory NewTempDirectory() => new();

    private static string CacheDirectory()
    {
        if (System.Environment.GetEnvironmentVariable("HC_CACHE") is { Length: > 0 } cache)
        {
            return cache;
        }

        var xdg = System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x
            ? x
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(xdg, "healthchecks");
    }
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hc-chart-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
