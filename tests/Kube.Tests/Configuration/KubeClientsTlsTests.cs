using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace HealthChecks.Kube.Tests.Configuration;

// Trust and client certificates from a kubeconfig, against an HTTPS server on 127.0.0.1.
public sealed class KubeClientsTlsTests : IDisposable
{
    private readonly X509Certificate2 _clusterCa = TestCertificates.CreateAuthority("cluster-ca");
    private readonly X509Certificate2 _otherCa = TestCertificates.CreateAuthority("other-ca");
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task CertificateAuthorityData_ServerSignedByIt_IsTrusted()
    {
        await using var server = await TlsLoopbackServer.StartAsync(ServerCertificate(_clusterCa));
        var path = Kubeconfigs.Write(_folder, "config", Kubeconfigs.Cluster(server.BaseUri, $"certificate-authority-data: {TestCertificates.Base64(_clusterCa.ExportCertificatePem())}"));

        var config = KubeClients.FromKubeconfig(path);
        using var client = KubeClients.Create(config, TimeSpan.FromSeconds(10));
        await client.CoreV1.ListNamespaceAsync();

        Assert.Equal(_clusterCa.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        Assert.Equal("Bearer abc", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task RelativeCertificateAuthorityFile_IsReadNextToTheKubeconfig()
    {
        await using var server = await TlsLoopbackServer.StartAsync(ServerCertificate(_clusterCa));
        _folder.Write("kube/pki/ca.crt", _clusterCa.ExportCertificatePem());
        var path = Kubeconfigs.Write(_folder, "kube/config", Kubeconfigs.Cluster(server.BaseUri, "certificate-authority: pki/ca.crt"));
        using var client = KubeClients.CreateFromKubeconfig(path);

        await client.CoreV1.ListNamespaceAsync();

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ServerSignedByAnotherCa_IsRejected()
    {
        await using var server = await TlsLoopbackServer.StartAsync(ServerCertificate(_otherCa));
        var path = Kubeconfigs.Write(_folder, "config", Kubeconfigs.Cluster(server.BaseUri, $"certificate-authority-data: {TestCertificates.Base64(_clusterCa.ExportCertificatePem())}"));
        using var client = KubeClients.CreateFromKubeconfig(path);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Empty(server.Requests);
    }

    // With a CA from the kubeconfig, the library alone checks only that the server's chain ends at
    // that CA and ignores RemoteCertificateNameMismatch, so any certificate the cluster CA signed (a
    // kubelet's, say) would pass for the API server. KubeClients checks the name too.
    [Fact]
    public async Task ServerCertificateForAnotherName_IsRejected()
    {
        using var kubelet = TestCertificates.CreateLeaf(_clusterCa, "node-1"); // no 127.0.0.1 in it
        await using var server = await TlsLoopbackServer.StartAsync(kubelet);
        var path = Kubeconfigs.Write(_folder, "config", Kubeconfigs.Cluster(server.BaseUri, $"certificate-authority-data: {TestCertificates.Base64(_clusterCa.ExportCertificatePem())}"));
        using var client = KubeClients.CreateFromKubeconfig(path);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task NoCertificateAuthority_ServerFromAPrivateCa_IsRejected()
    {
        await using var server = await TlsLoopbackServer.StartAsync(ServerCertificate(_clusterCa));
        var path = Kubeconfigs.Write(_folder, "config", Kubeconfigs.Cluster(server.BaseUri));
        using var client = KubeClients.CreateFromKubeconfig(path);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespaceAsync());
    }

    [Fact]
    public async Task InsecureSkipTlsVerify_AcceptsAnyServerCertificate()
    {
        using var wrongName = TestCertificates.CreateLeaf(_otherCa, "elsewhere.example");
        await using var server = await TlsLoopbackServer.StartAsync(wrongName);
        var path = Kubeconfigs.Write(_folder, "config", Kubeconfigs.Cluster(server.BaseUri, "insecure-skip-tls-verify: true"));

        var config = KubeClients.FromKubeconfig(path);
        using var client = KubeClients.Create(config, TimeSpan.FromSeconds(10));
        await client.CoreV1.ListNamespaceAsync();

        Assert.True(config.SkipTlsVerify);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ClientCertificateData_IsPresentedToTheServer()
    {
        using var admin = TestCertificates.CreateLeaf(_clusterCa, "admin");
        await using var server = await TlsLoopbackServer.StartAsync(ServerCertificate(_clusterCa));
        var user = $"{{client-certificate-data: {TestCertificates.Base64(admin.ExportCertificatePem())}, client-key-data: {TestCertificates.Base64(TestCertificates.PrivateKeyPem(admin))}}}";
        var path = Kubeconfigs.Write(_folder, "config", Kubeconfigs.Cluster(server.BaseUri, $"certificate-authority-data: {TestCertificates.Base64(_clusterCa.ExportCertificatePem())}"), user);
        using var client = KubeClients.CreateFromKubeconfig(path);

        await client.CoreV1.ListNamespaceAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal(("CN=admin", null), (request.ClientCertificateSubject, request.Authorization));
    }

    [Fact]
    public async Task ClientCertificateFiles_RelativeToTheKubeconfig_ArePresented()
    {
        using var admin = TestCertificates.CreateLeaf(_clusterCa, "admin-files");
        await using var server = await TlsLoopbackServer.StartAsync(ServerCertificate(_clusterCa));
        _folder.Write("kube/pki/ca.crt", _clusterCa.ExportCertificatePem());
        _folder.Write("kube/pki/admin.crt", admin.ExportCertificatePem());
        _folder.Write("kube/pki/admin.key", TestCertificates.PrivateKeyPem(admin));
        var path = Kubeconfigs.Write(_folder, "kube/config", Kubeconfigs.Cluster(server.BaseUri, "certificate-authority: pki/ca.crt"), "{client-certificate: pki/admin.crt, client-key: pki/admin.key}");
        using var client = KubeClients.CreateFromKubeconfig(path);

        await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("CN=admin-files", Assert.Single(server.Requests).ClientCertificateSubject);
    }

    public void Dispose()
    {
        _clusterCa.Dispose();
        _otherCa.Dispose();
        _folder.Dispose();
    }

    // The API server's certificate names 127.0.0.1, as local-cluster.sh's does.
    private static X509Certificate2 ServerCertificate(X509Certificate2 authority) => TestCertificates.CreateLeaf(authority, "localhost", IPAddress.Loopback);
}
