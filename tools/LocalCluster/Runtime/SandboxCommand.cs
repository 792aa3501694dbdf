namespace HealthChecks.LocalCluster.Runtime;

/// <summary>
/// The host command line that runs a container process in its sandbox. Each link has a job:
/// <c>setsid</c> makes the process a group leader (signals go to the whole group);
/// <c>setpriv --pdeathsig KILL</c> kills it when the simulator dies, even by SIGKILL;
/// <c>unshare --pid --fork --kill-child</c> gives the container a PID namespace whose init is
/// killed with <c>unshare</c>, and the kernel then kills everything left in that namespace (no
/// orphans); <c>--mount --propagation private</c> lets the sandbox script bind-mount the pod's
/// resolv.conf and ServiceAccount files without touching the host's; <c>--uts</c> lets it set
/// the pod's host name.
/// </summary>
internal static class SandboxCommand
{
    public static IReadOnlyList<string> For(string sandboxScript, string logFile, IReadOnlyList<string> argv) =>
    [
        "setsid", "setpriv", "--pdeathsig", "KILL", "--",
        "unshare", "--mount", "--propagation", "private", "--uts", "--pid", "--fork", "--kill-child", "--mount-proc", "--",
        "/bin/sh", sandboxScript, logFile, .. argv,
    ];
}
