using HealthChecks.TestKit;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>
/// Integration tests on the shared control plane and its node simulator (started by
/// <c>local-cluster.sh up</c>). One after another: one of them marks a node NotReady.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SimulatorGroup : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "simulator";
}
