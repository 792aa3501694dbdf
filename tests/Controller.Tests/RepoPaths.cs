using System.Runtime.CompilerServices;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests;

/// <summary>
/// <see cref="RepositoryPaths"/>, or, when the tests run from an artifacts folder outside the
/// repository (<c>--artifacts-path</c>), the repository found from this source file's location.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Reference(string name) => Path.Combine(Root, "..", "shared", "reference", "kuberhealthy", name);

    private static string FindRoot()
    {
        try
        {
            return RepositoryPaths.Root;
        }
        catch (InvalidOperationException)
        {
            return FromSource();
        }
    }

    private static string FromSource([CallerFilePath] string source = "")
    {
        for (var dir = new FileInfo(source).Directory; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HealthChecks.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"HealthChecks.sln not found above {source}");
    }
}
