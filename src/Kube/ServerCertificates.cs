using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace HealthChecks.Kube;

/// <summary>
/// Checks the API server's certificate against the kubeconfig's CA the way kubectl does: the chain
/// must end at one of those CAs (and only those), and the certificate must be for the server's
/// name (or the kubeconfig's <c>tls-server-name</c>). The official client's own check, used when
/// a CA is given, skips the name, so any certificate that CA signed would pass for the API server.
/// </summary>
internal static class ServerCertificates
{
    public static RemoteCertificateValidationCallback Validator(X509Certificate2Collection authorities, string? tlsServerName) =>
        (_, certificate, _, errors) => IsTrusted(certificate, errors, authorities, tlsServerName);

    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities, string? tlsServerName)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        var server = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0
            && !(tlsServerName is { Length: > 0 } name && server.MatchesHostname(name)))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        return chain.Build(server);
    }
}
