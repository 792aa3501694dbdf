using k8s.Models;

namespace HealthChecks.TestKit.PodSecurity;

/// <summary>
/// The fields the standard looks at, common to containers, init containers and ephemeral
/// containers (two types in the client's models), with the container's path in the pod.
/// </summary>
internal sealed record PodContainer(
    string Path,
    V1SecurityContext? SecurityContext,
    IList<V1ContainerPort>? Ports,
    V1Probe? LivenessProbe,
    V1Probe? ReadinessProbe,
    V1Probe? StartupProbe,
    V1Lifecycle? Lifecycle)
{
    /// <summary>Every container of the pod: init containers, containers, ephemeral containers.</summary>
    public static IReadOnlyList<PodContainer> All(V1PodSpec spec)
    {
        var all = new List<PodContainer>();
        foreach (var (c, i) in (spec.InitContainers ?? []).Select((c, i) => (c, i)))
        {
            all.Add(new($"spec.initContainers[{i}]", c.SecurityContext, c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle));
        }

        foreach (var (c, i) in (spec.Containers ?? []).Select((c, i) => (c, i)))
        {
            all.Add(new($"spec.containers[{i}]", c.SecurityContext, c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle));
        }

        foreach (var (c, i) in (spec.EphemeralContainers ?? []).Select((c, i) => (c, i)))
        {
            all.Add(new($"spec.ephemeralContainers[{i}]", c.SecurityContext, c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle));
        }

        return all;
    }

    /// <summary>The path of a field of this container's securityContext.</summary>
    public string Security(string field) => $"{Path}.securityContext.{field}";
}
