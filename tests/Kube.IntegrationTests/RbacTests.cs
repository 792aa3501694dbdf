using HealthChecks.Kube.Configuration;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.IntegrationTests;

[Collection(ControlPlaneGroup.Name)]
public sealed class RbacTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task List_WithTokenRbacForbids_Throws403WithApiMessage()
    {
        using var nobody = new KubeApiClient(KubeConfigLoader.FromKubeconfig(fixture.Cluster.NobodyKubeconfig));
        var error = await Assert.ThrowsAsync<KubeApiException>(() => nobody.ListAsync(KubeResources.Pods, "default"));
        Assert.True(error.IsForbidden, error.Message);
        Assert.Equal("Forbidden", error.Reason);
        Assert.Contains("User \"nobody\" cannot list resource \"pods\"", error.Status!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WithTokenRbacForbids_Throws403()
    {
        using var nobody = new KubeApiClient(KubeConfigLoader.FromKubeconfig(fixture.Cluster.NobodyKubeconfig));
        var error = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var unused in nobody.WatchAsync(KubeResources.Pods, "default", new WatchOptions()))
            {
            }
        });
        Assert.True(error.IsForbidden, error.Message);
    }

    [Fact]
    public async Task ClientCertificateKubeconfig_AuthenticatesAsAdmin()
    {
        using var client = new KubeApiClient(KubeConfigLoader.FromKubeconfig(fixture.Cluster.CertificateKubeconfig));
        Assert.NotNull(client.Configuration.ClientCertificate);
        var namespaces = await client.ListAsync(KubeResources.Namespaces, null);
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");
    }

    [Fact]
    public async Task ServerCertificate_FromAnotherCa_IsRejected()
    {
        // The same server, trusted through a CA that did not sign its certificate: TLS must fail.
        var good = KubeConfigLoader.FromKubeconfig(fixture.Cluster.AdminKubeconfig);
        using var otherCa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other-ca", otherCa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var bad = new KubeClientConfiguration { Server = good.Server, Token = good.Token, CertificateAuthorities = [ca], RequestTimeout = TimeSpan.FromSeconds(10) };
        using var client = new KubeApiClient(bad);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.ListAsync(KubeResources.Namespaces, null));
    }
}
