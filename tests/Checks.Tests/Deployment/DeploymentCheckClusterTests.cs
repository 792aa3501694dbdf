using HealthChecks.Checks.Deployment;
using HealthChecks.Kube;
using HealthChecks.TestKit;
using HealthChecks.TestKit.PodSecurity;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Checks.Tests.Deployment;

/// <summary>
/// The deployment check on the real API server (deployment and replica set controllers,
/// scheduler) and the node simulator, which runs the pods (nginx images answer HTTP 200, pause
/// idles, an unknown registry is ErrImagePull) and forwards the Service's ClusterIP to them.
/// </summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DeploymentCheckClusterTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private const string Web = "nginxinc/nginx-unprivileged:1.17.8";
    private const string WebNext = "nginxinc/nginx-unprivileged:1.17.9";
    private const string Unpullable = "registry.invalid/healthchecks/never:1";

    private readonly Kubernetes _client = fixture.Client;
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
        Image = Web,
        ShutdownGracePeriod = TimeSpan.FromSeconds(20),
        MinReadySeconds = 0,
        PollInterval = TimeSpan.FromMilliseconds(250),
        RequestAttempts = 5,
        RequestRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    private async Task AssertCleanedUpAsync(DeploymentCheckOptions options)
    {
        Assert.Null(await _client.AppsV1.ReadNamespacedDeploymentAsync(options.DeploymentName, options.Namespace).OrNullIfNotFound());
        Assert.Null(await _client.CoreV1.ReadNamespacedServiceAsync(options.ServiceName, options.Namespace).OrNullIfNotFound());
    }

    [Fact]
    public async Task Run_CreateRequestRollRequest_PassesAndCleansUp()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dep-ok", waitForServiceAccount: true);
        var options = Options(ns.Name) with { RollingUpdate = true, RollToImage = WebNext };
        // An orphan of an earlier run, removed by the pre-check cleanup.
        await _client.CoreV1.CreateNamespacedServiceAsync(DeploymentSpecBuilder.BuildService(options, new Dictionary<string, string> { ["app"] = "old" }), ns.Name);

        await using var pods = await PodRecorder.StartAsync(_client, ns.Name);

        var report = await new DeploymentCheck(_client, _http, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(100)), default);

        Assert.True(report.OK, string.Join("\n", report.Errors));
        await AssertCleanedUpAsync(options);
        // Every pod of the Deployment, before and after the roll, would start under "restricted".
        await PodSecurityAssert.EveryPodRestrictedAsync(pods, atLeast: 2 * options.Replicas);
    }

    [Fact]
    public async Task Run_PodsNeverReady_FailsAtCreateDeploymentAndCleansUp()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dep-stuck", waitForServiceAccount: true);
        var options = Options(ns.Name) with { Image = Unpullable };

        var report = await new DeploymentCheck(_client, _http, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(28)), default);

        Assert.False(report.OK);
        var error = Assert.Single(report.Errors);
        // The cause as the pods show it: the kubelet's reason, and its message naming the image.
        Assert.StartsWith($"create deployment: failed to create deployment within timeout: ErrImagePull (image \"{Unpullable}\" ", error, StringComparison.Ordinal);
        Assert.Contains(" when pod in the processing of creating deployment (0 ready, ", error, StringComparison.Ordinal);
        await AssertCleanedUpAsync(options);
    }

    [Fact]
    public async Task Run_RollToAnImageThatNeverStarts_FailsAtRollingUpdateAndCleansUp()
    {
        await using var ns = await fixture.CreateNamespaceAsync("dep-roll", waitForServiceAccount: true);
        var options = Options(ns.Name) with { RollingUpdate = true, RollToImage = Unpullable };

        var report = await new DeploymentCheck(_client, _http, options, NullLogger.Instance).RunAsync(_harness.Context(TimeSpan.FromSeconds(32)), default);

        Assert.False(report.OK);
        Assert.StartsWith($"rolling update: failed to roll deployment to {Unpullable} within timeout: ErrImagePull (image \"{Unpullable}\" ", Assert.Single(report.Errors), StringComparison.Ordinal);
        await AssertCleanedUpAsync(options);
    }
}
