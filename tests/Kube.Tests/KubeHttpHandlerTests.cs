using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace HealthChecks.Kube.Tests;

public class KubeHttpHandlerTests
{
    private static readonly X509Certificate2 ClusterCa = TestCertificates.CreateAuthority("cluster-ca");
    private static readonly X509Certificate2 OtherCa = TestCertificates.CreateAuthority("other-ca");

    [Fact]
    public void ChainsToAuthorities_LeafSignedByClusterCa_Passes()
    {
        using var leaf = TestCertificates.CreateLeaf(ClusterCa, "kubernetes.default.svc");

        // The CA is not in the system store, so the platform reports a chain error: the callback overrides it.
        Assert.True(KubeHttpHandler.ChainsToAuthorities(leaf, SslPolicyErrors.RemoteCertificateChainErrors, [ClusterCa]));
    }

    [Fact]
    public void ChainsToAuthorities_LeafSignedByAnotherCa_Fails()
    {
        using var leaf = TestCertificates.CreateLeaf(OtherCa, "kubernetes.default.svc");

        Assert.False(KubeHttpHandler.ChainsToAuthorities(leaf, SslPolicyErrors.RemoteCertificateChainErrors, [ClusterCa]));
    }

    [Fact]
    public void ChainsToAuthorities_NameMismatch_Fails()
    {
        using var leaf = TestCertificates.CreateLeaf(ClusterCa, "kubernetes.default.svc");

        var errors = SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors;

        Assert.False(KubeHttpHandler.ChainsToAuthorities(leaf, errors, [ClusterCa]));
    }

    [Fact]
    public void ChainsToAuthorities_NoCertificate_Fails()
    {
        Assert.False(KubeHttpHandler.ChainsToAuthorities(null, SslPolicyErrors.RemoteCertificateNotAvailable, [ClusterCa]));
    }

    [Fact]
    public void ChainsToAuthorities_PlainX509Certificate_IsLoadedAndPasses()
    {
        using var leaf = TestCertificates.CreateLeaf(ClusterCa, "api.example.test");
        using var plain = new X509Certificate(leaf); // the callback's parameter is the base type

        Assert.True(KubeHttpHandler.ChainsToAuthorities(plain, SslPolicyErrors.None, [ClusterCa]));
    }

    [Fact]
    public void ChainsToAuthorities_CallerOwnedCertificate_IsNotDisposed()
    {
        using var leaf = TestCertificates.CreateLeaf(ClusterCa, "kubernetes.default.svc");

        KubeHttpHandler.ChainsToAuthorities(leaf, SslPolicyErrors.RemoteCertificateChainErrors, [ClusterCa]);

        // SslStream keeps the certificate it passed to the callback as RemoteCertificate.
        Assert.NotEqual(IntPtr.Zero, leaf.Handle);
        Assert.Equal("CN=kubernetes.default.svc", leaf.Subject);
    }
}
