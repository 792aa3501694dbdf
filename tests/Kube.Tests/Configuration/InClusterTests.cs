using System.Net;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace HealthChecks.Kube.Tests.Configuration;

// The controller's production path: a pod's service account. The library reads it from
// /var/run/secrets/kubernetes.io/serviceaccount; its internal ServiceAccountPath ("internal for
// testing") points it at a folder of ours instead. These set process-wide variables, so they run
// with the other tests that do.
[Collection(KubeconfigVariableGroup.Name)]
public sealed class InClusterTests : IDisposable
{
    private static readonly FieldInfo ServiceAccountPath = typeof(KubernetesClientConfiguration).GetField("ServiceAccountPath", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException("KubernetesClientConfiguration.ServiceAccountPath is gone: port these tests to the new seam");

    private readonly X509Certificate2 _clusterCa = TestCertificates.CreateAuthority("cluster-ca");
    private readonly TempDirectory _account = new();
    private readonly object? _savedPath = ServiceAccountPath.GetValue(null);
    private readonly string? _savedHost = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
    private readonly string? _savedPort = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");

    public InClusterTests()
    {
        _account.Write("token", "sa-token\n");
        _account.Write("ca.crt", _clusterCa.ExportCertificatePem());
        _account.Write("namespace", "healthchecks");
        ServiceAccountPath.SetValue(null, _account.Root);
    }

    [Fact]
    public async Task InClusterConfig_ServiceAccount_TokenCaAndNamespaceAreUsed()
    {
        using var serving = TestCertificates.CreateLeaf(_clusterCa, "kubernetes.default.svc", IPAddress.Loopback);
        await using var server = await TlsLoopbackServer.StartAsync(serving);
        SetService("127.0.0.1", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(KubernetesClientConfiguration.IsInCluster());
        var config = KubernetesClientConfiguration.InClusterConfig();
        using var client = KubeClients.Create(config, TimeSpan.FromSeconds(10));
        await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("healthchecks", config.Namespace);
        Assert.Equal(_clusterCa.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        Assert.Equal("Bearer sa-token", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public void InClusterConfig_Ipv6Host_IsBracketed()
    {
        SetService("fd00:10:96::1", "6443");

        var config = KubernetesClientConfiguration.InClusterConfig();

        Assert.Equal("https://[fd00:10:96::1]:6443/", config.Host);
    }

    [Fact]
    public void InClusterConfig_NoNamespaceFile_LeavesTheNamespaceUnset()
    {
        // Our old loader said "default"; callers of the official one fall back themselves.
        File.Delete(_account.PathOf("namespace"));
        SetService("127.0.0.1", "6443");

        Assert.Null(KubernetesClientConfiguration.InClusterConfig().Namespace);
    }

    [Fact]
    public void IsInCluster_ServiceVariablesNotSet_IsFalse()
    {
        SetService(null, null);

        Assert.False(KubernetesClientConfiguration.IsInCluster());
    }

    public void Dispose()
    {
        ServiceAccountPath.SetValue(null, _savedPath);
        SetService(_savedHost, _savedPort);
        _account.Dispose();
        _clusterCa.Dispose();
    }

    private static void SetService(string? host, string? port)
    {
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", host);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", port);
    }
}
