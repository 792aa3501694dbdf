using System.Globalization;

namespace HealthChecks.LocalCluster.Runtime;

/// <summary>
/// The <c>run: report-ok</c> stand-in: a trivial checker without a process. It reads its settings
/// from the container's resolved env, waits <c>REPORT_OK_DELAY</c>, reports OK over real HTTP
/// through the shared <see cref="ReportOkSender"/>, and ends with 0 when the controller answers
/// 200, 1 otherwise (the reason goes to the container log and the termination message). SIGTERM
/// ends it with 143 and SIGKILL with 137 at once, as for a process that has no handler of its own:
/// a report in flight is abandoned.
/// </summary>
internal sealed class ReportOkRun : IContainerRun
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopping;
    private readonly string _logFile;
    private readonly TimeProvider _time;

    private ReportOkRun(string logFile, TimeProvider time)
    {
        _logFile = logFile;
        _time = time;
        _stopping = _stop.Token; // taken once: the source is disposed with the run while the report may still be unwinding
    }

    public Task<int> Exited => _exited.Task;

    public string? TerminationMessage { get; private set; }

    /// <param name="env">The container's resolved environment.</param>
    /// <param name="sender">Shared by all report-ok containers of the simulator.</param>
    /// <param name="logFile">The container's log, appended to as a process's output would be.</param>
    /// <param name="time">For REPORT_OK_DELAY, the retry delays and the log's time stamps.</param>
    public static ReportOkRun Start(Func<string, string?> env, ReportOkSender sender, string logFile, TimeProvider time)
    {
        var run = new ReportOkRun(logFile, time);
        _ = run.RunAsync(env, sender);
        return run;
    }

    public void Terminate() => Stop(143);

    public void Kill() => Stop(137);

    public ValueTask DisposeAsync()
    {
        Stop(137);
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Stop(int exitCode)
    {
        if (_exited.TrySetResult(exitCode))
        {
            _stop.Cancel();
        }
    }

    private async Task RunAsync(Func<string, string?> env, ReportOkSender sender)
    {
        try
        {
            var (settings, error) = ReportOkSettings.Read(env);
            if (settings is null)
            {
                await FinishAsync(1, error!).ConfigureAwait(false);
                return;
            }

            if (settings.Delay > TimeSpan.Zero)
            {
                await NoteAsync($"waiting {settings.Delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({ReportOkSettings.DelayVariable}) before reporting").ConfigureAwait(false);
                await Task.Delay(settings.Delay, _time, _stopping).ConfigureAwait(false);
            }

            var result = await sender.SendAsync(settings, NoteAsync, _stopping).ConfigureAwait(false);
            await FinishAsync(result.Accepted ? 0 : 1, result.Accepted ? null : result.Summary).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped by a signal; Stop already set the exit code.
        }
        catch (IOException ex)
        {
            // The log could not be written (disk full, folder removed): a process would fail too.
            TerminationMessage = "cannot write the container log: " + ex.Message;
            _exited.TrySetResult(1);
        }
    }

    private async Task FinishAsync(int exitCode, string? message)
    {
        if (message is not null)
        {
            await NoteAsync(message).ConfigureAwait(false);
        }

        TerminationMessage = message;
        _exited.TrySetResult(exitCode);
    }

    // Every line says who wrote it: the log of a report-ok container has no program output to tell it apart.
    private Task NoteAsync(string line) =>
        _stopping.IsCancellationRequested
            ? Task.CompletedTask
            : File.AppendAllTextAsync(_logFile, $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} report-ok: {line}\n", CancellationToken.None);
}
