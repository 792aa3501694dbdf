namespace HealthChecks.LocalCluster.Runtime;

/// <summary>One run of one container (a process, or an in-simulator stand-in such as pause).</summary>
internal interface IContainerRun : IAsyncDisposable
{
    /// <summary>Completes with the exit code when the run ends (128+signal when killed).</summary>
    Task<int> Exited { get; }

    /// <summary>Why it ended, for the terminated state's message (a process's reason is in its log instead).</summary>
    string? TerminationMessage => null;

    /// <summary>SIGTERM: asks the container to stop.</summary>
    void Terminate();

    /// <summary>SIGKILL: stops it now.</summary>
    void Kill();
}
