using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HealthChecks.Kube.Configuration;

internal static class ClientCertificates
{
    /// <summary>
    /// A certificate with its private key from PEM. On Linux, SslStream presents a client
    /// certificate only when its key is persisted, so the PEM pair goes through PKCS#12 once.
    /// </summary>
    public static X509Certificate2 FromPem(string certificatePem, string keyPem, string source)
    {
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (CryptographicException ex)
        {
            throw new KubeConfigException($"{source}: the client certificate or key is not valid PEM: {ex.Message}", ex);
        }
    }
}
