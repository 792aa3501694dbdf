using HealthChecks.Kube;
using HealthChecks.LocalCluster.Pods;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class PodFilesTests
{
    [Fact]
    public void ResolvConf_IsClusterFirst() =>
        Assert.Equal("nameserver 127.96.0.10\nsearch team-a.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n", PodFiles.ResolvConf("team-a", "127.96.0.10"));

    [Fact]
    public void Kubeconfig_LoadsWithTheTokenAndNamespace()
    {
        using var file = new TempFile(PodFiles.Kubeconfig(new Uri("https://127.0.0.1:23456/"), TestPem, "the-token", "team-a"));
        var config = KubeClients.FromKubeconfig(file.Path);
        Assert.Equal(new Uri("https://127.0.0.1:23456/"), new Uri(config.Host));
        Assert.Equal("team-a", config.Namespace);
        Assert.NotNull(config.AccessToken);
        Assert.Single(config.SslCaCerts!);
    }

    [Fact]
    public void SandboxScript_MountsThePodFilesAndExecsTheContainer()
    {
        var script = PodFiles.SandboxScript("/s/pods/ns_p_1", "p", "ns/p");
        Assert.Contains("mount --bind '/s/pods/ns_p_1/resolv.conf' /etc/resolv.conf", script, StringComparison.Ordinal);
        Assert.Contains("mount --bind '/s/pods/ns_p_1/serviceaccount' /run/secrets/kubernetes.io/serviceaccount", script, StringComparison.Ordinal);
        Assert.EndsWith("exec \"$@\"\n", script, StringComparison.Ordinal);
    }

    // A throwaway self-signed certificate (the loader only parses it).
    private static string TestPem
    {
        get
        {
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return cert.ExportCertificatePem();
        }
    }
}
