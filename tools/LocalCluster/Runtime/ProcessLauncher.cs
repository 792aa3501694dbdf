using System.Collections.Concurrent;
using System.Diagnostics;

namespace HealthChecks.LocalCluster.Runtime;

/// <summary>
/// Starts child processes from one dedicated thread that lives as long as the simulator.
/// Why: <c>setpriv --pdeathsig KILL</c> fires when the *thread* that forked the child exits,
/// not the process; .NET forks on the calling thread, and thread-pool threads retire when idle,
/// which would kill healthy containers at random.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = [];
    private static readonly Lazy<Thread> Launcher = new(() =>
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "process-launcher" };
        thread.Start();
        return thread;
    });

    public static Process Start(ProcessStartInfo info)
    {
        _ = Launcher.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}"));
            }
#pragma warning disable CA1031 // handed to the caller, who decides
            catch (Exception ex)
#pragma warning restore CA1031
            {
                started.SetException(ex);
            }
        }
    }
}
