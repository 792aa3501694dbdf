namespace HealthChecks.EndToEnd.Tests;

/// <summary>
/// Every test shares one controller and one namespace. The fixture applies all scenarios at
/// once, so their checker pods run side by side; each test then waits for its own outcome.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndGroup : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "controller on the simulated cluster";
}
