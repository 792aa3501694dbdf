using System.Diagnostics;

namespace HealthChecks.LocalCluster.Runtime;

/// <summary>A container process started through <see cref="SandboxCommand"/>; signals go to its process group.</summary>
internal sealed class ProcessRun : IContainerRun
{
    private readonly Process _process;

    private ProcessRun(Process process)
    {
        _process = process;
        Exited = WaitAsync(process);
    }

    public Task<int> Exited { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts <paramref name="commandLine"/> with exactly <paramref name="environment"/> (nothing
    /// inherited) in <paramref name="workingDirectory"/>; stdin is closed.
    /// </summary>
    public static ProcessRun Start(IReadOnlyList<string> commandLine, IEnumerable<KeyValuePair<string, string>> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(commandLine[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = ProcessLauncher.Start(info);
        process.StandardInput.Close();
        return new ProcessRun(process);
    }

    public void Terminate() => Signals.SendToGroup(_process.Id, Signals.Terminate);

    public void Kill() => Signals.SendToGroup(_process.Id, Signals.Kill);

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            Kill();
            try
            {
                await Exited.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The kernel reaps a killed group; if it has not yet, there is nothing more to do here.
            }
        }

        _process.Dispose();
    }

    private static async Task<int> WaitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }
}
