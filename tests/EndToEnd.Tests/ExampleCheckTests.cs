using k8s;
using HealthChecks.Controller.Runs;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>Kuberhealthy's example khchecks, and our DNS check under our own image name, pass on the simulated cluster.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class ExampleCheckTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Daemonset_example_passes_and_removes_its_daemonset()
    {
        var state = await fixture.ResultAsync(Scenarios.Daemonset, TimeSpan.FromMinutes(4));
        AssertPassed(state);
        Assert.StartsWith("sim-node-", state.Node, StringComparison.Ordinal);
        Assert.Empty((await fixture.Client.AppsV1.ListNamespacedDaemonSetAsync(fixture.Namespace)).Items);
    }

    [Fact]
    public async Task Deployment_example_passes_with_its_rolling_update_and_cleans_up()
    {
        var state = await fixture.ResultAsync(Scenarios.Deployment, TimeSpan.FromMinutes(5));
        AssertPassed(state);
        Assert.Empty((await fixture.Client.AppsV1.ListNamespacedDeploymentAsync(fixture.Namespace)).Items);
        Assert.DoesNotContain((await fixture.Client.CoreV1.ListNamespacedServiceAsync(fixture.Namespace)).Items, s => s.Metadata.Name!.StartsWith("deployment-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Internal_dns_example_resolves_through_every_kube_dns_endpoint() =>
        AssertPassed(await fixture.ResultAsync(Scenarios.DnsInternal, TimeSpan.FromMinutes(3)));

    [Fact]
    public async Task Our_dns_image_resolves_through_the_pods_resolver_and_a_passing_check_has_no_events()
    {
        AssertPassed(await fixture.ResultAsync(Scenarios.DnsOurImage, TimeSpan.FromMinutes(3)));

        // Events are written when a check's result changes; a first result that passes is no news.
        // (Its one run an hour: a later run cannot have failed by now.)
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(await fixture.EventsOfAsync(Scenarios.DnsOurImage));
    }

    [Fact]
    public async Task External_dns_example_fails_clearly_where_there_is_no_outside_dns()
    {
        // The simulated cluster DNS answers cluster names only (the network rule: loopback only).
        var state = await fixture.ResultAsync(Scenarios.DnsExternal, TimeSpan.FromMinutes(3));
        Assert.False(state.OK);
        Assert.Equal(FailureReason.CheckFailed, state.Reason);
        Assert.Contains(state.Errors, e => e.Contains("google.com is DOWN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checker_reporting_as_kuberhealthy_v3_does_reports_to_the_default_check_path()
    {
        // v3's client refuses any reporting URL whose path is not /check, and sends lower-case keys.
        AssertPassed(await fixture.ResultAsync(Scenarios.V3Passes, TimeSpan.FromMinutes(3)));

        var failed = await fixture.ResultAsync(Scenarios.V3Fails, TimeSpan.FromMinutes(3));
        Assert.False(failed.OK);
        Assert.Equal(FailureReason.CheckFailed, failed.Reason);
        Assert.Equal(["v3 checker says no"], failed.Errors);
    }

    private static void AssertPassed(Controller.Resources.KhStateSpec state)
    {
        Assert.True(state.OK, "errors: " + string.Join("; ", state.Errors));
        Assert.Empty(state.Errors);
        Assert.Null(state.Reason);
        Assert.NotEqual("0s", state.RunDuration);
        Assert.False(string.IsNullOrEmpty(state.AuthoritativePod));
        Assert.NotNull(state.LastSuccess);
    }
}
