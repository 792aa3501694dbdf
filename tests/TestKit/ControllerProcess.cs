using System.Diagnostics;

namespace HealthChecks.TestKit;

/// <summary>
/// The controller as a real process (<c>dotnet HealthChecks.Controller.dll</c>), as an operator runs
/// it out of cluster. Its base URL comes from its "listening on" log line; its output is kept
/// (bounded) so a failing test can show it.
/// </summary>
public sealed class ControllerProcess : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly OutputTail _output = new();

    private ControllerProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data, lookForUrl: true);
        process.ErrorDataReceived += (_, e) => Keep(e.Data, lookForUrl: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>What the process wrote so far (the last 200,000 characters).</summary>
    public string Output => _output.ToString();

    /// <summary>Starts the controller DLL copied next to the test assembly (the test project references the controller).</summary>
    public static ControllerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "HealthChecks.Controller.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ControllerProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start the controller"));
    }

    /// <summary>The base URL (<c>http://127.0.0.1:port</c>) the controller logged at start.</summary>
    public async Task<string> UrlAsync(TimeSpan? timeout = null)
    {
        var exited = Process.WaitForExitAsync();
        var first = await Task.WhenAny(_url.Task, exited.ContinueWith(_ => "", TaskScheduler.Default)).WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        var url = await first;
        return url.Length > 0 ? url : throw new InvalidOperationException($"the controller exited with code {Process.ExitCode} before listening:\n{Output}");
    }

    /// <summary>Sends SIGTERM, as Kubernetes does, and waits for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!Process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        }

        await Process.WaitForExitAsync().WaitAsync(timeout);
        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Process.Dispose();
    }

    private void Keep(string? line, bool lookForUrl)
    {
        if (lookForUrl && line is not null && line.Contains("listening on http://", StringComparison.Ordinal))
        {
            _url.TrySetResult(line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0]);
        }

        _output.Append(line);
    }
}
