using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using HealthChecks.Kube.Configuration;

namespace HealthChecks.Kube;

/// <summary>Builds the HTTP handler for a configuration: TLS trust, client certificate, pooling.</summary>
internal static class KubeHttpHandler
{
    public static SocketsHttpHandler Create(KubeClientConfiguration config)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Re-resolve and reconnect now and then so a moved API server endpoint is picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };

        if (config.ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [config.ClientCertificate];
        }

        if (config.TlsServerName is not null)
        {
            handler.SslOptions.TargetHost = config.TlsServerName;
        }

        if (config.SkipTlsVerify)
        {
            // The user asked for it (insecure-skip-tls-verify: true in the kubeconfig).
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (config.CertificateAuthorities is { Count: > 0 } authorities)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ChainsToAuthorities(certificate, errors, authorities);
        }

        return handler;
    }

    // The cluster CA is usually not in the system store: build the chain against it alone.
    // Name mismatches stay fatal.
    internal static bool ChainsToAuthorities(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // The certificate belongs to the TLS stack: dispose only a copy made here.
        if (certificate is X509Certificate2 leaf)
        {
            return chain.Build(leaf);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }
}
