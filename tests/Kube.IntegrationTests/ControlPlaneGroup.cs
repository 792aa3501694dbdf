using HealthChecks.TestKit;

namespace HealthChecks.Kube.IntegrationTests;

/// <summary>
/// All tests here share one real control plane and run one after another: some of them stop
/// and restart the API server or compact etcd under everyone's feet.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ControlPlaneGroup : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control-plane";
}
