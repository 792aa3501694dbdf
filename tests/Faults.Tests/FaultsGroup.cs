namespace HealthChecks.Faults.Tests;

/// <summary>
/// The faults run one after another against one set of controllers and checks: each breaks the
/// control plane, the network or a replica, and restores everything in its <c>finally</c>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultsGroup : ICollectionFixture<FaultSuite>
{
    public const string Name = "faults against two controller replicas";
}
