using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

internal static class Builders
{
    public static V1Pod Pod(string @namespace, string name, Dictionary<string, string>? labels = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = labels is null ? null : new Dictionary<string, string>(labels) },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "main", Image = "pause" }],
            RestartPolicy = "Never",
            // Bound to a node that does not exist: the scheduler leaves it alone, so nothing but
            // the test writes to it (no 409 from a racing status update).
            NodeName = "no-such-node",
            AutomountServiceAccountToken = false,
        },
    };

    public static V1ObjectMeta Meta(string? @namespace, string name, Dictionary<string, string>? labels = null) =>
        new() { Name = name, NamespaceProperty = @namespace, Labels = labels is null ? null : new Dictionary<string, string>(labels) };

    public static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    public static V1PodTemplateSpec Template(string app) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "pause" }] },
    };
}
