using System.Diagnostics;
using System.Globalization;
using HealthChecks.CheckSdk;
using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests;

/// <summary>Runs a built check program (src/Checks.X) as a process, the way a checker pod would, reporting to a test server.</summary>
internal static class CheckProgram
{
    public static string Dll(string check)
    {
        // The test's own output folder is tests/Checks.Tests/bin/<Configuration>/<tfm>/: use the same configuration.
        var tfmFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryPaths.Root, "src", $"Checks.{check}", "bin", tfmFolder.Parent!.Name, tfmFolder.Name, $"HealthChecks.Checks.{check}.dll");
    }

    public static Task<ProcessResult> RunAsync(string check, Uri reportingUrl, DateTimeOffset deadline, IDictionary<string, string> environment, TimeSpan timeout) =>
        ProcessRunner.RunAsync("dotnet", [Dll(check)], timeout, Environment(reportingUrl, deadline, environment));

    /// <summary>Starts the program without waiting (for signal tests); output is discarded.</summary>
    public static Process Start(string check, Uri reportingUrl, DateTimeOffset deadline, IDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll(check));
        foreach (var (name, value) in Environment(reportingUrl, deadline, environment))
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Dictionary<string, string> Environment(Uri reportingUrl, DateTimeOffset deadline, IDictionary<string, string> environment) => new(environment)
    {
        [CheckProtocol.ReportingUrlVariable] = reportingUrl.ToString(),
        [CheckProtocol.RunUuidVariable] = "process-test-run",
        [CheckProtocol.DeadlineVariable] = deadline.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        [CheckProtocol.PodNamespaceVariable] = environment.TryGetValue("POD_NAMESPACE", out var ns) ? ns : "kuberhealthy",
    };
}
