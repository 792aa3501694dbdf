using System.Runtime.InteropServices;

namespace HealthChecks.LocalCluster.Runtime;

/// <summary>kill(2) for process groups: .NET's Process.Kill only sends SIGKILL to one process or a tree it can see.</summary>
internal static partial class Signals
{
    public const int Hangup = 1;
    public const int Kill = 9;
    public const int Terminate = 15;

    /// <summary>Signals every process of the group <paramref name="processGroup"/>; false if none is left.</summary>
    public static bool SendToGroup(int processGroup, int signal) => processGroup > 1 && NativeKill(-processGroup, signal) == 0;

    public static bool Send(int pid, int signal) => pid > 1 && NativeKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
