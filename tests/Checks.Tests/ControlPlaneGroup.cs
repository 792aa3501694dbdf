using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests;

/// <summary>The tests on the real API server share one control plane and run one after another (they create cluster-scoped Nodes).</summary>
[CollectionDefinition(Name)]
public sealed class ControlPlaneGroup : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control-plane";
}
