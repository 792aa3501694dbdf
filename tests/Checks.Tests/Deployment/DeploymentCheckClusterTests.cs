using HealthChecks.Checks.Deployment;
using HealthChecks.Checks.Tests.Cluster;
using HealthChecks.Kube;
using HealthChecks.Kube.Models;
using HealthChecks.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Checks.Tests.Deployment;

/// <summary>
/// The deployment check on the real API server (deployment and replica set controllers,
/// scheduler) with the test playing kubelet for its own nodes and standing in for the Service proxy.
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DeploymentCheckClusterTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private readonly KubeApiClient _client = fixture.Client;
    private readonly HttpClient _http = new();
    private CheckHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CheckHarness.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _harness.DisposeAsync();
    }

    private static DeploymentCheckOptions Options(string @namespace) => new()
    {
        Namespace = @namespace,
        NodeSelector = new Dictionary<string, string> { ["hc-test"] = @namespace },
        ServicePort = FreePort.Tcp(),
        ShutdownGracePeriod = TimeSpan.FromSeconds(20),
        MinReadySeconds = 0,
        PollInterval = TimeSpan.FromMilliseconds(250),
        RequestAttempts = 5,
        RequestRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    private Task<FakeKubelet> NodesAsync(string @namespace, params string[] names) =>
        FakeKubelet.StartAsync(_client, @namespace, names.ToDictionary(n => $"{@namespace}-{n}", _ => (new Dictionary<string, string> { ["hc-test"] = @namespace }, new List<V1Taint>())));

    private async Task AssertCleanedUpAsync(DeploymentCheckOptions options)
    {
        Assert.Null(await _client.GetAsync(KubeResources.Deployments, options.Namespace, options.DeploymentName));
        Assert.Null(await _client.GetAsync(KubeResources.Services, options.Namespace, options.ServiceName));
    }

    [Fact]
    public async Task Run_CreateRequestRollRequest_PassesAndCleansUp()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dep-ok", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, "a", "b");
        var options = Options(ns.Name) with { RollingUpdate = true, Image = "web:1", RollToImage = "web:2" };
        // An orphan of an earlier run, removed by the pre-check cleanup.
        var orphan = await _client.CreateAsync(KubeResources.Services, DeploymentSpecBuilder.BuildService(options, new Dictionary<string, string> { ["app"] = "old" }));
        await using var responder = new ServiceResponder(_client, ns.Name, options.ServiceName, options.ServicePort);

        var report = await new DeploymentCheck(_client, _http, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(100)), default);

        Assert.True(report.OK, string.Join("\n", report.Errors) + $"\nkubelet: {kubelet.LastError}");
        Assert.True(responder.Requests.Count >= 2, $"{responder.Requests.Count} request(s) to the Service");
        Assert.DoesNotContain(responder.Requests, r => r.Header("host")!.StartsWith(orphan.Spec!.ClusterIP + ":", StringComparison.Ordinal));
        await AssertCleanedUpAsync(options);
        Assert.Equal(4, kubelet.SeenPods.Count); // 2 pods of web:1, then 2 of web:2
    }

    [Fact]
    public async Task Run_PodsNeverReady_FailsAtCreateDeploymentAndCleansUp()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dep-stuck", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, "a");
        kubelet.Broken[$"{ns.Name}-a"] = true;
        var options = Options(ns.Name);

        var report = await new DeploymentCheck(_client, _http, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(28)), default);

        Assert.False(report.OK);
        Assert.StartsWith("create deployment: failed to create deployment within timeout", Assert.Single(report.Errors), StringComparison.Ordinal);
        await AssertCleanedUpAsync(options);
    }

    [Fact]
    public async Task Run_NothingServesTheService_FailsAtRequest()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dep-noserve", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, "a");
        var options = Options(ns.Name) with { Replicas = 1 };

        var report = await new DeploymentCheck(_client, _http, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(60)), default);

        Assert.False(report.OK);
        var error = Assert.Single(report.Errors);
        Assert.StartsWith("request: no 200 from http://127.96.", error, StringComparison.Ordinal);
        Assert.EndsWith("after retries (last: Connection refused)", error, StringComparison.Ordinal);
        await AssertCleanedUpAsync(options);
    }

    [Fact]
    public async Task Run_RollToAnImageThatNeverStarts_FailsAtRollingUpdateAndCleansUp()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dep-roll", waitForServiceAccount: true);
        await using var kubelet = await NodesAsync(ns.Name, "a", "b");
        kubelet.BrokenImages["web:broken"] = true;
        var options = Options(ns.Name) with { RollingUpdate = true, Image = "web:1", RollToImage = "web:broken" };
        await using var responder = new ServiceResponder(_client, ns.Name, options.ServiceName, options.ServicePort);

        var report = await new DeploymentCheck(_client, _http, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(32)), default);

        Assert.False(report.OK);
        Assert.StartsWith("rolling update: failed to roll deployment to web:broken within timeout (", Assert.Single(report.Errors), StringComparison.Ordinal);
        Assert.NotEmpty(responder.Requests); // the first request stage passed
        await AssertCleanedUpAsync(options);
    }
}
