using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.Checks.Tests.Daemonset;

/// <summary>
/// Nodes of a test's own, run by node simulators of its own and labelled <c>hc-test=&lt;namespace&gt;</c>,
/// the NODE_SELECTOR the tests give the check: the shared simulator's nodes take no part.
/// </summary>
internal static class DaemonsetNodes
{
    public const string SelectorKey = "hc-test";

    /// <summary>
    /// A pause image only some simulators can "pull": those whose image map has <see cref="CanPullTestImage"/>.
    /// Not named pause*: the built-in map runs <c>*/pause*</c> on every simulator.
    /// </summary>
    public const string TestImage = "registry.invalid/healthchecks/idle:1";

    /// <summary>An image rule for <see cref="TestImage"/>; a simulator without it leaves the pod in ErrImagePull.</summary>
    public const string CanPullTestImage = """
        images:
          - image: "registry.invalid/healthchecks/idle*"
            run: pause
        """;

    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(40);

    /// <summary>Nodes <c>&lt;namespace&gt;-&lt;role&gt;-1..count</c>.</summary>
    public static SimulatorSettings Settings(string @namespace, string role, int count = 1, bool canPullTestImage = true, params string[] taints) => new()
    {
        Prefix = $"{@namespace}-{role}",
        Nodes = count,
        Labels = [$"{SelectorKey}={@namespace}"],
        Taints = taints,
        ImageMap = canPullTestImage ? CanPullTestImage : null,
    };

    public static Dictionary<string, string> Selector(string @namespace) => new() { [SelectorKey] = @namespace };

    /// <summary>
    /// The nodes the scheduler bound a pod named <paramref name="podPrefix"/>... to in the namespace,
    /// from its <c>Scheduled</c> events ("Successfully assigned ns/pod to node"), which outlive the pods.
    /// </summary>
    public static async Task<HashSet<string>> AssignedNodesAsync(IKubernetes client, string @namespace, string podPrefix)
    {
        var events = await client.CoreV1.ListNamespacedEventAsync(@namespace);
        var assigned = $"Successfully assigned {@namespace}/{podPrefix}";
        return events.Items
            .Where(e => e.Reason == "Scheduled")
            .Select(e => e.Message ?? "")
            .Where(message => message.StartsWith(assigned, StringComparison.Ordinal))
            .Select(message => message[(message.LastIndexOf(" to ", StringComparison.Ordinal) + 4)..])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Waits until pods named <paramref name="podPrefix"/>... were bound to every one of <paramref name="nodes"/>.</summary>
    public static Task WaitAssignedAsync(IKubernetes client, string @namespace, string podPrefix, IEnumerable<string> nodes) =>
        Eventually.TrueAsync(async () => (await AssignedNodesAsync(client, @namespace, podPrefix)).IsSupersetOf(nodes), TimeSpan.FromSeconds(10), $"Scheduled events of {podPrefix}... on {string.Join(", ", nodes)}");
}
