using System.Security.Cryptography.X509Certificates;

namespace HealthChecks.Kube.Configuration;

/// <summary>
/// Everything needed to talk to one API server: where it is, how to trust it and who we are.
/// Built by <see cref="KubeConfigLoader"/> from a kubeconfig file or from the in-cluster service account.
/// </summary>
public sealed class KubeClientConfiguration
{
    public required Uri Server { get; init; }

    /// <summary>The context's namespace, or the service account's namespace in a pod; "default" otherwise.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>CA certificates the server certificate must chain to; null means the system trust store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    public bool SkipTlsVerify { get; init; }

    /// <summary>Host name to check the server certificate against, when it differs from <see cref="Server"/>'s.</summary>
    public string? TlsServerName { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Supplies the bearer token per request (a fixed token, or a file re-read as it rotates).</summary>
    public ITokenSource? Token { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Applied to every call except watches, which are bounded by their own idle watchdog instead.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Where this configuration came from, for error messages and logs.</summary>
    public string Source { get; init; } = "";
}
