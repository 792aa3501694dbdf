namespace HealthChecks.TestKit;

/// <summary>Locates the repository from a test's output folder (the folder that holds HealthChecks.sln).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Scripts(string name) => Path.Combine(Root, "scripts", name);

    public static string Reference(string name) => Path.Combine(Root, "..", "shared", "reference", "kuberhealthy", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HealthChecks.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"HealthChecks.sln not found above {AppContext.BaseDirectory}");
    }
}
