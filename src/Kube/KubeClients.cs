using System.Reflection;
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

    /// <summary>
    /// What the API server's audit log and request logs show as the client: the program and its
    /// version, as client-go names its binaries (<c>HealthChecks.Controller/1.2.0</c>), so an
    /// operator tells the controller's requests from a checker's.
    /// </summary>
    public static readonly string UserAgent = UserAgentOf(Assembly.GetEntryAssembly());

    /// <summary>The configuration kubectl would use here (see the class summary).</summary>
    /// <remarks>
    /// The files are read by <see cref="KubeconfigFiles"/>, not the library (see <c>KubeconfigYaml</c>
    /// for why); what no file gives (the in-cluster service account, or KUBECONFIG naming no file that
    /// exists, which the library reports) is the library's.
    /// </remarks>
    public static KubernetesClientConfiguration DefaultConfiguration() =>
        ExecPluginErrors.Explain(() =>
            KubeconfigFiles.FromList(Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } list ? list : KubernetesClientConfiguration.KubeConfigDefaultLocation)
                ?? KubernetesClientConfiguration.BuildDefaultConfig());

    public static KubernetesClientConfiguration FromKubeconfig(string path, string? context = null) =>
        ExecPluginErrors.Explain(() => KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFiles.Load(new FileInfo(path)), context));

    /// <summary>
    /// client-go's HTTP/2 health check (its read idle timeout 30 s and ping timeout 15 s): the library
    /// talks HTTP/2 to the API server, so every call and watch of a client shares one connection.
    /// When that connection dies silently (a network that drops packets, a peer gone without FIN or
    /// RST), each request times out on its own but nothing replaces the connection, and the process
    /// stays cut off from the API after the network is back. A ping unanswered closes it instead.
    /// </summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(15);

    public static Kubernetes Create(KubernetesClientConfiguration configuration, TimeSpan? requestTimeout = null)
    {
        configuration.HttpClientTimeout = requestTimeout ?? DefaultRequestTimeout;
        configuration.UserAgent = UserAgent;

        // Both taken out of the library's hands while it builds its handler (the configuration is
        // left as it was): its own check with a CA ignores the server's name.
        var setup = configuration.FirstMessageHandlerSetup;
        var authorities = configuration.SkipTlsVerify ? null : configuration.SslCaCerts is { Count: > 0 } cas ? cas : null;
        var tlsServerName = configuration.TlsServerName;
        if (authorities is not null)
        {
            configuration.SslCaCerts = null;
        }

        configuration.FirstMessageHandlerSetup = handler =>
        {
            setup?.Invoke(handler);
            if (handler is SocketsHttpHandler sockets)
            {
                DetectDeadConnections(sockets);
                if (authorities is not null)
                {
                    sockets.SslOptions.RemoteCertificateValidationCallback = ServerCertificates.Validator(authorities, tlsServerName);
                }
            }
        };
        try
        {
            return new Kubernetes(configuration, new BufferedResponses());
        }
        finally
        {
            if (authorities is not null)
            {
                configuration.SslCaCerts = authorities;
            }

            configuration.FirstMessageHandlerSetup = setup;
        }
    }

    /// <summary>Pings a connection that received nothing for <see cref="KeepAlivePingDelay"/>, and closes it when the ping goes unanswered.</summary>
    internal static void DetectDeadConnections(SocketsHttpHandler handler)
    {
        handler.KeepAlivePingDelay = KeepAlivePingDelay;
        handler.KeepAlivePingTimeout = KeepAlivePingTimeout;
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
    }

    public static Kubernetes CreateDefault(TimeSpan? requestTimeout = null) => Create(DefaultConfiguration(), requestTimeout);

    public static Kubernetes CreateFromKubeconfig(string path, TimeSpan? requestTimeout = null) => Create(FromKubeconfig(path), requestTimeout);

    internal static string UserAgentOf(Assembly? program)
    {
        if (program?.GetName() is not { Name: { Length: > 0 } name } assemblyName)
        {
            return "healthchecks";
        }

        // The informational version ends in "+<commit>" when built from git: the version alone.
        var version = program.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assemblyName.Version?.ToString(3)
            ?? "0.0.0";
        return $"{name}/{version}";
    }
}
