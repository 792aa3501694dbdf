namespace HealthChecks.Kube.Leadership;

/// <summary>
/// A term's work did not stop after the term ended. Leading again could run two copies of it at
/// once, so the replica must not campaign any more: the process should exit and be restarted.
/// </summary>
public sealed class LeaderWorkStuckException : Exception
{
    public LeaderWorkStuckException()
    {
    }

    public LeaderWorkStuckException(string message)
        : base(message)
    {
    }

    public LeaderWorkStuckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
