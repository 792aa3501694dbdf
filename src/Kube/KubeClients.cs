using k8s;

namespace HealthChecks.Kube;

/// <summary>
/// Builds clients of the official KubernetesClient from the usual places, the way kubectl looks:
/// <c>KUBECONFIG</c> (a list of files, merged), <c>~/.kube/config</c>, then the in-cluster
/// service account. Exec credential plugins (EKS, GKE, AKS), client certificates, tokens and
/// rotating service-account tokens are the library's. What we add is one request timeout for
/// every call but watches (those have the informer's idle watchdog instead).
/// </summary>
public static class KubeClients
{
    /// <summary>
    /// How long one API call may take. The library's default (100 s) keeps a controller's work
    /// waiting on a hung API server for too long; a retry from the work queue is cheaper.
    /// </summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The configuration kubectl would use here (see the class summary).</summary>
    public static KubernetesClientConfiguration DefaultConfiguration() => KubernetesClientConfiguration.BuildDefaultConfig();

    public static KubernetesClientConfiguration FromKubeconfig(string path, string? context = null) =>
        KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);

    public static Kubernetes Create(KubernetesClientConfiguration configuration, TimeSpan? requestTimeout = null)
    {
        configuration.HttpClientTimeout = requestTimeout ?? DefaultRequestTimeout;
        configuration.UserAgent = "healthchecks";
        return new Kubernetes(configuration);
    }

    public static Kubernetes CreateDefault(TimeSpan? requestTimeout = null) => Create(DefaultConfiguration(), requestTimeout);

    public static Kubernetes CreateFromKubeconfig(string path, TimeSpan? requestTimeout = null) => Create(FromKubeconfig(path), requestTimeout);
}
