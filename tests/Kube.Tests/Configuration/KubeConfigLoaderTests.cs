using HealthChecks.Kube.Configuration;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Configuration;

public partial class KubeConfigLoaderTests
{
    private const string LocalCluster = """{server: "https://127.0.0.1:6443"}""";

    [Fact]
    public void FromKubeconfig_TokenUser_ReadsServerNamespaceAndToken()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig(user: "{token: abc123}"));

        var config = KubeConfigLoader.FromKubeconfig(path);

        Assert.Equal(new Uri("https://127.0.0.1:6443"), config.Server);
        Assert.Equal("team", config.Namespace);
        Assert.Equal("abc123", config.Token?.GetToken());
        Assert.Null(config.CertificateAuthorities);
        Assert.Null(config.ClientCertificate);
        Assert.Equal($"kubeconfig '{path}', context 'dev'", config.Source);
    }

    [Fact]
    public void FromKubeconfig_RelativeTokenFile_ResolvedAgainstTheKubeconfigFolder()
    {
        using var folder = new TempDirectory();
        folder.Write("kube/secrets/token", "from-file\n");
        var path = folder.Write("kube/config", Kubeconfig(user: "{tokenFile: secrets/token}"));

        var config = KubeConfigLoader.FromKubeconfig(path, time: new ManualTimeProvider());

        Assert.IsType<FileTokenSource>(config.Token);
        Assert.Equal("from-file", config.Token.GetToken());
    }

    [Fact]
    public void FromKubeconfig_CertificateAuthorityData_LoadsTheCa()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var folder = new TempDirectory();
        var data = TestCertificates.Base64(ca.ExportCertificatePem());
        var path = folder.Write("config", Kubeconfig(cluster: $$"""{server: "https://10.0.0.1", certificate-authority-data: {{data}}}"""));

        var config = KubeConfigLoader.FromKubeconfig(path);

        Assert.Equal(ca.Thumbprint, Assert.Single(config.CertificateAuthorities!).Thumbprint);
    }

    [Fact]
    public void FromKubeconfig_RelativeCertificateAuthorityFile_LoadsTheCa()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var folder = new TempDirectory();
        folder.Write("kube/pki/ca.crt", ca.ExportCertificatePem());
        var path = folder.Write("kube/config", Kubeconfig(cluster: """{server: "https://10.0.0.1", certificate-authority: pki/ca.crt}"""));

        var config = KubeConfigLoader.FromKubeconfig(path);

        Assert.Equal(ca.Thumbprint, Assert.Single(config.CertificateAuthorities!).Thumbprint);
    }

    [Fact]
    public void FromKubeconfig_InvalidCertificateAuthorityData_ThrowsNamingTheField()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig(cluster: """{server: "https://10.0.0.1", certificate-authority-data: "not base64!"}"""));

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.Contains("certificate-authority-data is not valid base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_ClientCertificateAndKeyData_GivesCertificateWithPrivateKey()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var leaf = TestCertificates.CreateLeaf(ca, "admin");
        using var folder = new TempDirectory();
        var certificate = TestCertificates.Base64(leaf.ExportCertificatePem());
        var key = TestCertificates.Base64(TestCertificates.PrivateKeyPem(leaf));
        var path = folder.Write("config", Kubeconfig(user: $$"""{client-certificate-data: {{certificate}}, client-key-data: {{key}}}"""));

        var config = KubeConfigLoader.FromKubeconfig(path);

        Assert.NotNull(config.ClientCertificate);
        Assert.True(config.ClientCertificate.HasPrivateKey);
        Assert.Equal(leaf.Thumbprint, config.ClientCertificate.Thumbprint);
        Assert.Null(config.Token);
    }

    [Fact]
    public void FromKubeconfig_ClientCertificateWithoutKey_ThrowsNeedsBoth()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var folder = new TempDirectory();
        var certificate = TestCertificates.Base64(ca.ExportCertificatePem());
        var path = folder.Write("config", Kubeconfig(user: $$"""{client-certificate-data: {{certificate}}}"""));

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.Contains("needs both the certificate and its key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_BasicAuthAndTlsSettings_AreCarriedOver()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig(
            cluster: """{server: "https://10.0.0.1", insecure-skip-tls-verify: true, tls-server-name: api.internal}""",
            user: "{username: admin, password: secret}"));

        var config = KubeConfigLoader.FromKubeconfig(path);

        Assert.Equal((true, "api.internal", "admin", "secret"), (config.SkipTlsVerify, config.TlsServerName, config.Username, config.Password));
    }

    [Fact]
    public void FromKubeconfig_CurrentContextNotDefined_ThrowsNamingIt()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig(currentContext: "prod"));

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.Equal($"kubeconfig '{path}': context 'prod' is not defined", error.Message);
    }

    [Fact]
    public void FromKubeconfig_NoCurrentContext_ThrowsSayingSo()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig(currentContext: "\"\""));

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.Contains("has no current-context", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_ContextsClusterNotDefined_ThrowsNamingIt()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig());

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path, context: "orphan"));

        Assert.Contains("cluster 'missing' (of context 'orphan') is not defined", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users: []")]
    [InlineData("users: null")]
    [InlineData("users:\n- name: someone-else\n  user: {token: x}")]
    public void FromKubeconfig_ContextsUserNotDefined_ThrowsNamingIt(string users)
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", $$"""
            current-context: dev
            clusters:
            - name: local
              cluster: {{LocalCluster}}
            {{users}}
            contexts:
            - name: dev
              context: {cluster: local, user: me}
            """);

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.Contains("user 'me' (of context 'dev') is not defined", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{server: \"not a url\"}")]
    public void FromKubeconfig_NoValidServer_ThrowsNamingTheCluster(string cluster)
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig(cluster: cluster));

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.Contains("cluster 'local' has no valid server URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}}")]
    [InlineData("{auth-provider: {name: gcp}}")]
    public void FromKubeconfig_PluginCredentials_ThrowsUnsupported(string user)
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", Kubeconfig(user: user));

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.Contains("user 'me' uses exec or auth-provider credentials, which this client does not support", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_InvalidYaml_ThrowsNamingTheFile()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", "clusters: [unclosed\n");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.FromKubeconfig(path));

        Assert.StartsWith($"kubeconfig '{path}' is not valid YAML", error.Message, StringComparison.Ordinal);
    }

    private static string Kubeconfig(string cluster = LocalCluster, string user = "{token: abc}", string currentContext = "dev") => $$"""
        apiVersion: v1
        kind: Config
        current-context: {{currentContext}}
        clusters:
        - name: local
          cluster: {{cluster}}
        users:
        - name: me
          user: {{user}}
        contexts:
        - name: dev
          context: {cluster: local, user: me, namespace: team}
        - name: orphan
          context: {cluster: missing, user: me}
        """;
}
