using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

[Collection(ControlPlaneGroup.Name)]
public sealed class RbacTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task List_WithTokenRbacForbids_Throws403WithApiMessage()
    {
        using var nobody = KubeClients.CreateFromKubeconfig(fixture.Cluster.NobodyKubeconfig);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => nobody.CoreV1.ListNamespacedPodAsync("default"));

        Assert.True(error.IsForbidden(), error.Describe());
        Assert.Equal("Forbidden", error.ApiReason());
        Assert.Contains("User \"nobody\" cannot list resource \"pods\"", error.ApiStatus()!.Message, StringComparison.Ordinal);
        Assert.StartsWith("403 Forbidden: pods is forbidden: User \"nobody\"", error.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WithTokenRbacForbids_Throws403()
    {
        using var nobody = KubeClients.CreateFromKubeconfig(fixture.Cluster.NobodyKubeconfig);
        var pods = new ResourceClient<V1Pod>(nobody, BuiltInKinds.Pods);

        var error = await Assert.ThrowsAsync<HttpOperationException>(async () =>
        {
            await foreach (var unused in pods.WatchAsync("default", new WatchRequest { ResourceVersion = "0", TimeoutSeconds = 5 }))
            {
            }
        });

        Assert.True(error.IsForbidden(), error.Describe());
    }

    [Fact]
    public async Task ClientCertificateKubeconfig_AuthenticatesAsAdmin()
    {
        var config = KubeClients.FromKubeconfig(fixture.Cluster.CertificateKubeconfig);
        using var client = KubeClients.Create(config);

        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.NotNull(config.ClientCertificateFilePath);
        Assert.Null(config.AccessToken);
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");
    }

    [Fact]
    public async Task ServerCertificate_FromAnotherCa_IsRejected()
    {
        // The same server, trusted through a CA that did not sign its certificate: TLS must fail.
        var good = KubeClients.FromKubeconfig(fixture.Cluster.AdminKubeconfig);
        using var otherKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=other-ca", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var bad = new KubernetesClientConfiguration { Host = good.Host, AccessToken = good.AccessToken, SslCaCerts = [otherCa] };
        using var client = KubeClients.Create(bad, TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Null(error.ApiStatusCode());
    }
}
