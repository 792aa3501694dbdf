using System.Globalization;
using HealthChecks.Checks.Common;
using k8s.Models;

namespace HealthChecks.Checks.Deployment;

/// <summary>
/// The check's Deployment and ClusterIP Service, as upstream builds them; unlike upstream's, the
/// Deployment's pods pass the "restricted" Pod Security Standard.
/// </summary>
internal static class DeploymentSpecBuilder
{
    public const string ContainerName = "deployment-container";

    public static Dictionary<string, string> LabelsFor(DateTimeOffset now) => new()
    {
        ["deployment-timestamp"] = "unix-" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["source"] = "kuberhealthy",
    };

    public static V1Deployment BuildDeployment(DeploymentCheckOptions options, DateTimeOffset now)
    {
        var labels = LabelsFor(now);
        var surge = (options.Replicas + 1) / 2; // ceil(N/2), upstream's maxSurge and maxUnavailable
        var probe = new V1Probe
        {
            TcpSocket = new V1TCPSocketAction { Port = options.ContainerPort },
            InitialDelaySeconds = 2,
            TimeoutSeconds = 2,
            PeriodSeconds = 15,
            FailureThreshold = 5,
        };
        return new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = options.DeploymentName, NamespaceProperty = options.Namespace, Labels = new Dictionary<string, string>(labels) },
            Spec = new V1DeploymentSpec
            {
                Replicas = options.Replicas,
                MinReadySeconds = options.MinReadySeconds,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = surge, MaxUnavailable = surge },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = ContainerName,
                                Image = options.Image,
                                ImagePullPolicy = "IfNotPresent",
                                Ports = [new V1ContainerPort { ContainerPort = options.ContainerPort }],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = $"{options.CpuRequestMillicores}m", ["memory"] = $"{options.MemoryRequestMebibytes}Mi" },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = $"{options.CpuLimitMillicores}m", ["memory"] = $"{options.MemoryLimitMebibytes}Mi" },
                                },
                                Env = options.AdditionalEnv.Count == 0 ? null : [.. options.AdditionalEnv.Select(e => new V1EnvVar { Name = e.Key, Value = e.Value })],
                                LivenessProbe = probe,
                                ReadinessProbe = probe,
                                // The web server is not root: below 1024 it needs NET_BIND_SERVICE back.
                                SecurityContext = RestrictedSecurityContext.ForContainer(listensBelow1024: options.ContainerPort < 1024),
                            },
                        ],
                        // Restricted, so that it starts where Pod Security Admission enforces that.
                        SecurityContext = RestrictedSecurityContext.ForPod(options.RunAsUser, options.RunAsGroup),
                        RestartPolicy = "Always",
                        TerminationGracePeriodSeconds = 1,
                        ServiceAccountName = options.ServiceAccount,
                        NodeSelector = options.NodeSelector.Count == 0 ? null : new Dictionary<string, string>(options.NodeSelector),
                        Tolerations = options.Tolerations.Count == 0 ? null : [.. options.Tolerations],
                        ImagePullSecrets = options.ImagePullSecret is null ? null : [new V1LocalObjectReference { Name = options.ImagePullSecret }],
                    },
                },
            },
        };
    }

    public static V1Service BuildService(DeploymentCheckOptions options, IReadOnlyDictionary<string, string> podLabels) => new()
    {
        Metadata = new V1ObjectMeta { Name = options.ServiceName, NamespaceProperty = options.Namespace, Labels = new Dictionary<string, string> { ["source"] = "kuberhealthy" } },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = new Dictionary<string, string>(podLabels),
            Ports = [new V1ServicePort { Name = "http", Protocol = "TCP", Port = options.ServicePort, TargetPort = options.ContainerPort }],
        },
    };
}
