namespace HealthChecks.Controller.IntegrationTests;

/// <summary>All tests here share one control plane (with our CRDs installed) and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ControlPlaneGroup : ICollectionFixture<ControllerFixture>
{
    public const string Name = "control plane with CRDs";
}
