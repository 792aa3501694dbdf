using System.Diagnostics;

namespace HealthChecks.TestKit;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public ProcessResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{StandardError}\n{StandardOutput}");
}

/// <summary>Runs a command to completion, bounded in time; kills the whole tree on timeout.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
