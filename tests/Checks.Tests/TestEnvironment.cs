using HealthChecks.CheckSdk.Options;

namespace HealthChecks.Checks.Tests;

/// <summary>An <see cref="EnvOptions"/> over given variables, for the options tests.</summary>
internal static class TestEnvironment
{
    public static EnvOptions Of(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return new EnvOptions(map.GetValueOrDefault);
    }
}
