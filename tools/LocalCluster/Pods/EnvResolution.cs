namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// A container's environment in definition order, or why it cannot be built (kubelet's
/// <c>CreateContainerConfigError</c> message, e.g. <c>secret "x" not found</c>).
/// </summary>
internal sealed record EnvResolution(IReadOnlyList<KeyValuePair<string, string>> Variables, string? Error)
{
    public static EnvResolution Failed(string error) => new([], error);

    public string? this[string name] => Variables.LastOrDefault(v => v.Key == name) is { Key: not null } found ? found.Value : null;
}
