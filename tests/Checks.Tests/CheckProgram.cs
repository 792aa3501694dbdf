using System.Diagnostics;
using System.Globalization;
using HealthChecks.CheckSdk;
using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests;

/// <summary>
/// Runs a check program as a process, the way a checker pod would, reporting to a test server. The
/// program is the image's (the NativeAOT build of src/Checks.Aot/X) when HC_CHECK_PROGRAMS names the
/// folder of those builds, as scripts/test.sh does; otherwise this configuration's build of
/// src/Checks.X, run with dotnet (a quick local run needs no native compile).
/// </summary>
internal static class CheckProgram
{
    public const string NativeProgramsVariable = "HC_CHECK_PROGRAMS";

    public static string Dll(string check)
    {
        // The test's own output folder is tests/Checks.Tests/bin/<Configuration>/<tfm>/: use the same configuration.
        var tfmFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryPaths.Root, "src", $"Checks.{check}", "bin", tfmFolder.Parent!.Name, tfmFolder.Name, $"HealthChecks.Checks.{check}.dll");
    }

    /// <summary>The program and its arguments: the native build when one is named (it must then exist), else dotnet and the DLL.</summary>
    public static (string FileName, string[] Arguments) Command(string check)
    {
        var natives = System.Environment.GetEnvironmentVariable(NativeProgramsVariable);
        if (string.IsNullOrEmpty(natives))
        {
            return ("dotnet", [Dll(check)]);
        }

        var program = Path.Combine(natives, check, $"HealthChecks.Checks.{check}");
        return File.Exists(program) ? (program, []) : throw new FileNotFoundException($"{NativeProgramsVariable} names {natives}, which has no {check} program", program);
    }

    public static Task<ProcessResult> RunAsync(string check, Uri reportingUrl, DateTimeOffset deadline, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var (fileName, arguments) = Command(check);
        return ProcessRunner.RunAsync(fileName, arguments, timeout, Environment(reportingUrl, deadline, environment));
    }

    /// <summary>Starts the program without waiting (for signal tests); output is discarded.</summary>
    public static Process Start(string check, Uri reportingUrl, DateTimeOffset deadline, IDictionary<string, string> environment)
    {
        var (fileName, arguments) = Command(check);
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

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
