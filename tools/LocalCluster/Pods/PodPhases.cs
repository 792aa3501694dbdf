namespace HealthChecks.LocalCluster.Pods;

/// <summary>The pod phase from its containers, as kubelet 1.20 computes it (<c>getPhase</c>).</summary>
internal static class PodPhases
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static bool IsTerminal(string? phase) => phase is Succeeded or Failed;

    public static string Of(string? restartPolicy, IReadOnlyCollection<ContainerRecord> containers)
    {
        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var c in containers)
        {
            if (c.IsRunning)
            {
                running++;
            }
            else if (c.State.Terminated is { } terminated)
            {
                stopped++;
                succeeded += terminated.ExitCode == 0 ? 1 : 0;
            }
            else if (c.LastTerminated is not null)
            {
                stopped++; // waiting to restart after having run
            }
            else
            {
                waiting++;
            }
        }

        if (waiting > 0)
        {
            return Pending;
        }

        if (running > 0)
        {
            return Running;
        }

        if (stopped == 0)
        {
            return Pending;
        }

        return (restartPolicy ?? "Always") switch
        {
            "Always" => Running,
            _ when stopped == succeeded => Succeeded,
            "Never" => Failed,
            _ => Running, // OnFailure with a failure: restarting
        };
    }
}
