namespace HealthChecks.Kube.Leadership;

/// <summary>Timings as client-go, controller-runtime and the official C# client use them.</summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseName { get; init; }

    public required string LeaseNamespace { get; init; }

    /// <summary>This candidate's name in the Lease (the pod name, as upstream).</summary>
    public required string Identity { get; init; }

    /// <summary>How long followers wait after the last observed renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failing renewal before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On shutdown, hand the Lease back so a standby takes over within one retry period.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>How long a term's work may take to stop once the term ended; beyond it the replica must restart.</summary>
    public TimeSpan WorkStopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The rules client-go enforces: LeaseDuration &gt; RenewDeadline &gt; 1.2 × RetryPeriod &gt; 0.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(LeaseName))
        {
            errors.Add("LeaseName is required");
        }

        if (string.IsNullOrWhiteSpace(LeaseNamespace))
        {
            errors.Add("LeaseNamespace is required");
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            errors.Add("Identity is required");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            errors.Add($"RetryPeriod ({RetryPeriod}) must be greater than zero");
        }

        if (LeaseDuration <= RenewDeadline)
        {
            errors.Add($"LeaseDuration ({LeaseDuration}) must be greater than RenewDeadline ({RenewDeadline})");
        }

        if (RenewDeadline <= RetryPeriod * 1.2)
        {
            errors.Add($"RenewDeadline ({RenewDeadline}) must be greater than 1.2 × RetryPeriod ({RetryPeriod * 1.2})");
        }

        return errors;
    }
}
