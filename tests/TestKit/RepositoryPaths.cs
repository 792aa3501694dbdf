using System.Runtime.CompilerServices;

namespace HealthChecks.TestKit;

/// <summary>
/// Locates the repository (the folder that holds HealthChecks.sln): above the test's output folder,
/// or, for builds with <c>--artifacts-path</c> outside the repository, above this source file.
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() => FindRoot(AppContext.BaseDirectory) ?? FindRoot(SourceDirectory())
        ?? throw new InvalidOperationException($"HealthChecks.sln not found above {AppContext.BaseDirectory} or {SourceDirectory()}"));

    public static string Root => RootPath.Value;

    public static string Scripts(string name) => Path.Combine(Root, "scripts", name);

    /// <summary>An upstream Kuberhealthy data file kept under <c>tests/reference/kuberhealthy</c>.</summary>
    public static string Reference(string name) => Path.Combine(Root, "tests", "reference", "kuberhealthy", name);

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HealthChecks.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string source = "") => Path.GetDirectoryName(source) ?? "";
}
