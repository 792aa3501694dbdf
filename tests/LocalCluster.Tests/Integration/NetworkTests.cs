using System.Net;
using System.Net.Sockets;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>Service ClusterIPs and cluster DNS, reached on loopback only.</summary>
[Collection(SimulatorGroup.Name)]
public sealed class NetworkTests(ControlPlaneFixture fixture)
{
    private readonly SimulatorDriver _sim = new(fixture);

    private string Dns => _sim.ClusterDnsIp;

    [Fact]
    public async Task ClusterIp_ForwardsToTheNginxPod()
    {
        await using var ns = await fixture.CreateNamespaceAsync("svc", waitForServiceAccount: true);
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(PodSpecs.Nginx(ns.Name, "web"), ns.Name);
        var service = await fixture.Client.CoreV1.CreateNamespacedServiceAsync(PodSpecs.Service(ns.Name, "web", "web", 8080), ns.Name);
        Assert.StartsWith(string.Join('.', _sim.KubernetesServiceIp.Split('.')[..2]) + ".", service.Spec!.ClusterIP, StringComparison.Ordinal);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var body = await Eventually.GetAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri($"http://{service.Spec.ClusterIP}:8080/"));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(30), "HTTP 200 through the ClusterIP");
        Assert.Contains("nginx", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterIp_WithoutReadyEndpoint_RefusesTheConnection()
    {
        await using var ns = await fixture.CreateNamespaceAsync("svc", waitForServiceAccount: true);
        var service = await fixture.Client.CoreV1.CreateNamespacedServiceAsync(PodSpecs.Service(ns.Name, "empty", "nobody-has-this-label", 8080), ns.Name);
        await Eventually.TrueAsync(async () => (await DnsQuery.QueryAsync(Dns, 53, $"empty.{ns.Name}.svc.cluster.local")).Addresses.Count == 1, TimeSpan.FromSeconds(10), "the Service in DNS (so the proxy has seen it)");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // Reset at once: HttpClient reports it wrapped, or (when the reset beats its read of the
            // remote end point) as a bare SocketException.
            var error = await Record.ExceptionAsync(() => http.GetAsync(new Uri($"http://{service.Spec!.ClusterIP}:8080/")));
            Assert.True(error is HttpRequestException or SocketException, $"expected the connection refused or reset, got {error?.ToString() ?? "an answer"}");
        }
    }

    [Fact]
    public async Task KubernetesService_ReachesTheApiServer()
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator }) { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync(new Uri($"https://{_sim.KubernetesServiceIp}:443/readyz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Dns_AnswersServiceNames_AndNxdomainForUnknownClusterNames()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dns");
        var service = await fixture.Client.CoreV1.CreateNamespacedServiceAsync(PodSpecs.Service(ns.Name, "named", "x", 80), ns.Name);

        var addresses = await Eventually.GetAsync(async () => (await DnsQuery.QueryAsync(Dns, 53, $"named.{ns.Name}.svc.cluster.local")).Addresses is { Count: > 0 } a ? a : null, TimeSpan.FromSeconds(10), "the new Service's name");
        Assert.Equal(IPAddress.Parse(service.Spec!.ClusterIP!), Assert.Single(addresses));

        var kubernetes = await DnsQuery.QueryAsync(Dns, 53, "kubernetes.default.svc.cluster.local");
        Assert.Equal(IPAddress.Parse(_sim.KubernetesServiceIp), Assert.Single(kubernetes.Addresses));

        var unknown = await DnsQuery.QueryAsync(Dns, 53, $"missing.{ns.Name}.svc.cluster.local");
        Assert.Equal(DnsQuery.NameError, unknown.Rcode);

        // Not CoreV1.DeleteNamespacedServiceAsync: a 1.20 API server answers a Service delete with a
        // Status, which that call cannot read as the V1Service it expects.
        await new ResourceClient<V1Service>(fixture.Client, BuiltInKinds.Services).DeleteAsync(ns.Name, "named");
        await Eventually.TrueAsync(async () => (await DnsQuery.QueryAsync(Dns, 53, $"named.{ns.Name}.svc.cluster.local")).Rcode == DnsQuery.NameError, TimeSpan.FromSeconds(10), "the deleted Service's name gone");
    }

    [Fact]
    public async Task KubeDnsEndpoints_PointAtTheSameServer()
    {
        var endpoints = await fixture.Client.CoreV1.ListNamespacedEndpointsAsync("kube-system", labelSelector: "k8s-app=kube-dns");
        var address = Assert.Single(Assert.Single(endpoints.Items).Subsets!.SelectMany(s => s.Addresses!)).Ip!;
        // The Endpoints hold a fake pod IP (the API server refuses loopback ones); it maps to loopback by the pod rule.
        Assert.Equal("10.244.255.254", address);
        var answer = await DnsQuery.QueryAsync(_sim.PodLocalPrefix + "255.254", 53, "kubernetes.default.svc.cluster.local");
        Assert.Equal(DnsQuery.NoError, answer.Rcode);
    }

    [Fact]
    public async Task PodSees_ClusterDnsThroughItsResolvConf()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dns", waitForServiceAccount: true);
        var pod = await _sim.CreateAsync(PodSpecs.Shell(ns.Name, "resolver", "cat /etc/resolv.conf; getent hosts kubernetes.default"));
        var done = await _sim.WaitForPhaseAsync(pod, "Succeeded");
        var log = await _sim.LogAsync(done);
        Assert.Contains("nameserver " + Dns, log, StringComparison.Ordinal);
        Assert.Contains($"search {ns.Name}.svc.cluster.local svc.cluster.local cluster.local", log, StringComparison.Ordinal);
        Assert.Contains(_sim.KubernetesServiceIp, log.Split('\n').Single(l => l.Contains("kubernetes.default", StringComparison.Ordinal) && !l.StartsWith("search", StringComparison.Ordinal)), StringComparison.Ordinal);
        // The host's own resolv.conf is untouched.
        Assert.DoesNotContain(Dns, await File.ReadAllTextAsync("/etc/resolv.conf"), StringComparison.Ordinal);
    }
}
