using HealthChecks.CheckSdk;
using HealthChecks.CheckSdk.Options;
using HealthChecks.Checks.Common;
using k8s.Models;

namespace HealthChecks.Checks.Deployment;

/// <summary>The deployment check's configuration: upstream's env names and defaults (cmd/deployment-check/input.go).</summary>
internal sealed record DeploymentCheckOptions
{
    public const string DefaultImage = "nginxinc/nginx-unprivileged:1.17.8";
    public const string DefaultRollToImage = "nginxinc/nginx-unprivileged:1.17.9";

    public string Image { get; init; } = DefaultImage;

    public string RollToImage { get; init; } = DefaultRollToImage;

    public string? ImagePullSecret { get; init; }

    public string DeploymentName { get; init; } = "deployment-deployment";

    public string ServiceName { get; init; } = "deployment-svc";

    public string Namespace { get; init; } = "kuberhealthy";

    public int Replicas { get; init; } = 2;

    public bool RollingUpdate { get; init; }

    public int ContainerPort { get; init; } = 8080;

    /// <summary>The Service's port (upstream's name; the Service is a ClusterIP).</summary>
    public int ServicePort { get; init; } = 80;

    public string ServiceAccount { get; init; } = "default";

    public int CpuRequestMillicores { get; init; } = 15;

    public int CpuLimitMillicores { get; init; } = 75;

    public int MemoryRequestMebibytes { get; init; } = 20;

    public int MemoryLimitMebibytes { get; init; } = 75;

    /// <summary>
    /// (ours) The pods' user and group; null: the image's own USER, which must be numeric and not 0
    /// (the pods run as non-root; nginx-unprivileged's is 101).
    /// </summary>
    public long? RunAsUser { get; init; }

    public long? RunAsGroup { get; init; }

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<V1Toleration> Tolerations { get; init; } = [];

    public IReadOnlyDictionary<string, string> AdditionalEnv { get; init; } = new Dictionary<string, string>();

    /// <summary>Kept free at the end of the run for the cleanup.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upstream's minReadySeconds (5).</summary>
    public int MinReadySeconds { get; init; } = 5;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upstream: up to 10 GETs, sleeping attempt × 5 s between them, 3 minutes at most.</summary>
    public int RequestAttempts { get; init; } = 10;

    public TimeSpan RequestRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestBudget { get; init; } = TimeSpan.FromMinutes(3);

    public static DeploymentCheckOptions FromEnvironment(EnvOptions env, Func<string?>? serviceAccountNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        serviceAccountNamespace ??= ReadServiceAccountNamespace;
        var image = env.Text("CHECK_IMAGE", DefaultImage);
        var rollTo = env.Text("CHECK_IMAGE_ROLL_TO", DefaultRollToImage);
        var options = new DeploymentCheckOptions
        {
            Image = image,
            // Upstream: rolling to the same image would roll nothing, so both fall back to the defaults.
            RollToImage = rollTo,
            ImagePullSecret = env.Raw("CHECK_IMAGE_PULL_SECRET"),
            DeploymentName = env.Text("CHECK_DEPLOYMENT_NAME", "deployment-deployment"),
            ServiceName = env.Text("CHECK_SERVICE_NAME", "deployment-svc"),
            Namespace = env.Raw("CHECK_NAMESPACE") ?? env.Raw(CheckProtocol.PodNamespaceVariable) ?? serviceAccountNamespace() ?? "kuberhealthy",
            Replicas = env.Number("CHECK_DEPLOYMENT_REPLICAS", 2, min: 1),
            RollingUpdate = env.Flag("CHECK_DEPLOYMENT_ROLLING_UPDATE", false),
            ContainerPort = env.Number("CHECK_CONTAINER_PORT", 8080, min: 1, max: 65535),
            ServicePort = env.Number("CHECK_LOAD_BALANCER_PORT", 80, min: 1, max: 65535),
            ServiceAccount = env.Text("CHECK_SERVICE_ACCOUNT", "default"),
            CpuRequestMillicores = env.Number("CHECK_POD_CPU_REQUEST", 15, min: 0),
            CpuLimitMillicores = env.Number("CHECK_POD_CPU_LIMIT", 75, min: 0),
            MemoryRequestMebibytes = env.Number("CHECK_POD_MEM_REQUEST", 20, min: 0),
            MemoryLimitMebibytes = env.Number("CHECK_POD_MEM_LIMIT", 75, min: 0),
            RunAsUser = env.Raw("CHECK_POD_RUN_AS_USER") is null ? null : env.Number("CHECK_POD_RUN_AS_USER", 0, min: 1),
            RunAsGroup = env.Raw("CHECK_POD_RUN_AS_GROUP") is null ? null : env.Number("CHECK_POD_RUN_AS_GROUP", 0, min: 0),
            NodeSelector = env.KeyValues("NODE_SELECTOR"),
            Tolerations = env.Parse<IReadOnlyList<V1Toleration>>("TOLERATIONS", [], TolerationSyntax.Parse),
            AdditionalEnv = env.KeyValues("ADDITIONAL_ENV_VARS"),
            ShutdownGracePeriod = env.Duration("SHUTDOWN_GRACE_PERIOD", TimeSpan.FromSeconds(30), min: TimeSpan.FromSeconds(1)),
        };
        if (options.RollingUpdate && image == rollTo)
        {
            options = options with { Image = DefaultImage, RollToImage = DefaultRollToImage };
        }

        if (options.CpuLimitMillicores < options.CpuRequestMillicores)
        {
            env.AddProblem("CHECK_POD_CPU_LIMIT", $"{options.CpuLimitMillicores} is below CHECK_POD_CPU_REQUEST {options.CpuRequestMillicores}");
        }

        if (options.MemoryLimitMebibytes < options.MemoryRequestMebibytes)
        {
            env.AddProblem("CHECK_POD_MEM_LIMIT", $"{options.MemoryLimitMebibytes} is below CHECK_POD_MEM_REQUEST {options.MemoryRequestMebibytes}");
        }

        env.ThrowIfInvalid();
        return options;
    }

    private static string? ReadServiceAccountNamespace()
    {
        const string path = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
