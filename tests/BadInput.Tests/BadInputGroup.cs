namespace HealthChecks.BadInput.Tests;

/// <summary>Every attack runs against one controller and one set of real checks, one test after another.</summary>
[CollectionDefinition(Name)]
public sealed class BadInputGroup : ICollectionFixture<BadInputSuite>
{
    public const string Name = "bad input against one controller with real checks";
}
