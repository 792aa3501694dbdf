using HealthChecks.Kube;
using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>What the simulator knows about one container of a pod; becomes a V1ContainerStatus.</summary>
internal sealed class ContainerRecord(string name, string image)
{
    public string Name { get; } = name;

    public string Image { get; } = image;

    public V1ContainerState State { get; private set; } = Waiting("ContainerCreating", null);

    public V1ContainerStateTerminated? LastTerminated { get; private set; }

    public int RestartCount { get; set; }

    /// <summary>The readiness probe's verdict (true without a probe); only counts while running.</summary>
    public bool ProbeReady { get; set; }

    public bool IsRunning => State.Running is not null;

    public bool IsTerminated => State.Terminated is not null;

    public bool Ready => IsRunning && ProbeReady;

    public void SetWaiting(string reason, string? message) => State = Waiting(reason, message);

    public void SetRunning(DateTimeOffset startedAt) => State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = ApiTime.Seconds(startedAt) } };

    public void SetTerminated(int exitCode, DateTimeOffset startedAt, DateTimeOffset finishedAt, string? message = null)
    {
        var terminated = new V1ContainerStateTerminated
        {
            ExitCode = exitCode,
            Reason = exitCode == 0 ? "Completed" : "Error",
            Message = message,
            StartedAt = ApiTime.Seconds(startedAt),
            FinishedAt = ApiTime.Seconds(finishedAt),
        };
        State = new V1ContainerState { Terminated = terminated };
    }

    /// <summary>A restart is coming: the last run moves to lastState, the container waits.</summary>
    public void PrepareRestart(string reason, string message)
    {
        LastTerminated = State.Terminated ?? LastTerminated;
        RestartCount++;
        State = Waiting(reason, message);
    }

    public V1ContainerStatus ToStatus() => new()
    {
        Name = Name,
        Image = Image,
        ImageID = "",
        State = State,
        LastState = LastTerminated is null ? new V1ContainerState() : new V1ContainerState { Terminated = LastTerminated },
        Ready = Ready,
        Started = IsRunning,
        RestartCount = RestartCount,
    };

    private static V1ContainerState Waiting(string reason, string? message) =>
        new() { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } };
}
