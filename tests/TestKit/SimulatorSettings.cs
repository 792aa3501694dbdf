namespace HealthChecks.TestKit;

/// <summary>What a test's own node simulator registers (see <see cref="SimulatorProcess"/>).</summary>
public sealed record SimulatorSettings
{
    /// <summary>The nodes are <c>Prefix-1..Prefix-N</c>; unique per test so no other test's nodes mix in.</summary>
    public required string Prefix { get; init; }

    public int Nodes { get; init; } = 1;

    /// <summary><c>[NODE@]K=V</c> items, as <c>--node-label</c> takes them.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary><c>[NODE@]K[=V]:EFFECT</c> items, as <c>--node-taint</c> takes them.</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>Image rules (YAML, docs/local-cluster.md) consulted before the built-in map; none when null.</summary>
    public string? ImageMap { get; init; }

    /// <summary>
    /// Serve Services and cluster DNS too. Off by default: the cluster's shared simulator already
    /// serves them on the cluster's addresses, and a second one there stops with exit code 3.
    /// </summary>
    public bool Network { get; init; }

    /// <summary>The node names, in order.</summary>
    public IReadOnlyList<string> NodeNames => Enumerable.Range(1, Nodes).Select(i => $"{Prefix}-{i}").ToList();
}
