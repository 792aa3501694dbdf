using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>Small pod builders for the simulator's tests.</summary>
internal static class PodSpecs
{
    public static V1Pod Shell(string ns, string name, string script, string restartPolicy = "Never", string image = "busybox:1.36", long? grace = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            TerminationGracePeriodSeconds = grace,
            Containers = [new V1Container { Name = "main", Image = image, Command = ["sh", "-c", script] }],
        },
    };

    public static V1Pod Image(string ns, string name, string image) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
    };

    public static V1Deployment Nginx(string ns, string name, int replicas = 1) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    TerminationGracePeriodSeconds = 1,
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "nginx",
                            Image = "nginx:1.25",
                            Ports = [new V1ContainerPort { Name = "http", ContainerPort = 80 }],
                            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = "http" }, PeriodSeconds = 1 },
                        },
                    ],
                },
            },
        },
    };

    public static V1Service Service(string ns, string name, string app, int port) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = app },
            Ports = [new V1ServicePort { Name = "web", Port = port, TargetPort = "http" }],
        },
    };
}
