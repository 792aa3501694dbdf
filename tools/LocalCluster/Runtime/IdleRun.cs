namespace HealthChecks.LocalCluster.Runtime;

/// <summary>The pause image: nothing to run, ends with 0 on SIGTERM and 137 on SIGKILL.</summary>
internal sealed class IdleRun : IContainerRun
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> Exited => _exited.Task;

    public void Terminate() => _exited.TrySetResult(0);

    public void Kill() => _exited.TrySetResult(137);

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }
}
