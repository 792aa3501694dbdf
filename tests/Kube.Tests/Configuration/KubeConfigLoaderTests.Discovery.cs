using System.Security.Cryptography.X509Certificates;
using HealthChecks.Kube.Configuration;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Configuration;

// Discovery: KUBECONFIG, ~/.kube/config, then the in-cluster service account. The environment
// is always a test dictionary, never the real one.
public partial class KubeConfigLoaderTests
{
    [Fact]
    public void Load_KubeconfigListFirstMissing_UsesTheSecond()
    {
        using var folder = new TempDirectory();
        var second = folder.Write("second", Kubeconfig(user: "{token: second}"));
        var variable = string.Join(Path.PathSeparator, folder.PathOf("first"), second);

        var config = KubeConfigLoader.Load(environment: Environment(("KUBECONFIG", variable)));

        Assert.Equal("second", config.Token?.GetToken());
        Assert.Contains(second, config.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KubeconfigListNoneExist_ThrowsNamingTheVariable()
    {
        using var folder = new TempDirectory();
        var variable = folder.PathOf("absent");

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Load(environment: Environment(("KUBECONFIG", variable))));

        Assert.Equal($"KUBECONFIG is set to '{variable}' but no such file exists", error.Message);
    }

    [Fact]
    public void Load_NoKubeconfigVariable_UsesHomeKubeConfig()
    {
        using var folder = new TempDirectory();
        var path = folder.Write(".kube/config", Kubeconfig(user: "{token: home}"));

        var config = KubeConfigLoader.Load(environment: Environment(("HOME", folder.Root)));

        Assert.Equal("home", config.Token?.GetToken());
        Assert.Contains(path, config.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NothingConfigured_ExplainsEveryPlaceLooked()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<KubeConfigException>(() => KubeConfigLoader.Load(environment: Environment(("HOME", folder.Root))));

        Assert.Contains("KUBECONFIG is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder.Root, ".kube", "config") + " does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("KUBERNETES_SERVICE_HOST is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InCluster_ServiceAccountFolder_BuildsHttpsConfiguration()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var folder = ServiceAccount(ca);

        var config = KubeConfigLoader.InCluster(folder.Root, new ManualTimeProvider(), InClusterEnvironment("127.0.0.1"));

        Assert.Equal(new Uri("https://127.0.0.1:6443"), config.Server);
        Assert.Equal("healthchecks", config.Namespace);
        Assert.Equal("sa-token", config.Token?.GetToken());
        Assert.IsType<FileTokenSource>(config.Token);
        Assert.Equal(ca.Thumbprint, Assert.Single(config.CertificateAuthorities!).Thumbprint);
    }

    [Fact]
    public void InCluster_Ipv6Host_IsBracketed()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var folder = ServiceAccount(ca);

        var config = KubeConfigLoader.InCluster(folder.Root, new ManualTimeProvider(), InClusterEnvironment("fd00:10:96::1"));

        Assert.Equal("[fd00:10:96::1]:6443", config.Server.Authority);
    }

    [Fact]
    public void InCluster_NoNamespaceFile_UsesDefault()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var folder = ServiceAccount(ca);
        File.Delete(folder.PathOf("namespace"));

        var config = KubeConfigLoader.InCluster(folder.Root, new ManualTimeProvider(), InClusterEnvironment("127.0.0.1"));

        Assert.Equal("default", config.Namespace);
    }

    [Fact]
    public void InCluster_PortNotSet_ThrowsNamingBothVariables()
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        using var folder = ServiceAccount(ca);

        var error = Assert.Throws<KubeConfigException>(() =>
            KubeConfigLoader.InCluster(folder.Root, new ManualTimeProvider(), Environment(("KUBERNETES_SERVICE_HOST", "127.0.0.1"))));

        Assert.Contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InCluster_NoCaFile_ThrowsNamingThePath()
    {
        using var folder = new TempDirectory();
        folder.Write("token", "sa-token");

        var error = Assert.Throws<KubeConfigException>(() =>
            KubeConfigLoader.InCluster(folder.Root, new ManualTimeProvider(), InClusterEnvironment("127.0.0.1")));

        Assert.Contains($"the CA file '{folder.PathOf("ca.crt")}' does not exist", error.Message, StringComparison.Ordinal);
    }

    private static TempDirectory ServiceAccount(X509Certificate2 ca)
    {
        var folder = new TempDirectory();
        folder.Write("token", "sa-token\n");
        folder.Write("ca.crt", ca.ExportCertificatePem());
        folder.Write("namespace", "healthchecks");
        return folder;
    }

    private static Func<string, string?> InClusterEnvironment(string host) =>
        Environment(("KUBERNETES_SERVICE_HOST", host), ("KUBERNETES_SERVICE_PORT", "6443"));

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => values.GetValueOrDefault(name);
    }
}
