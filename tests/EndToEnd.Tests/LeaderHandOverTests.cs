using System.Diagnostics;
using System.Text.Json;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.TestKit;
using k8s;
using Xunit.Abstractions;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>
/// The shipped topology's point: the leader is stopped as Kubernetes stops a pod (SIGTERM), the
/// other replica takes the Lease and the checks go on running.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class LeaderHandOverTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task When_the_leader_is_stopped_the_other_replica_takes_over_and_runs_the_checks()
    {
        // Every scenario's first outcome is in before the hand-over, so that no other test waits
        // for a run whose report went to the stopped replica (each replica gives the checker pods
        // it starts its own URL), nor for an Event the stopped leader had not written yet.
        foreach (var check in Scenarios.Runnable)
        {
            await fixture.ResultAsync(check, TimeSpan.FromMinutes(5));
        }

        await fixture.WarningEventAsync(Scenarios.ReportsFailure, FailureReason.CheckFailed);
        await fixture.WarningEventAsync(Scenarios.NeverReports, FailureReason.Timeout);
        await fixture.WarningEventAsync(Scenarios.ExitsSilently, FailureReason.PodFailed);
        await fixture.WarningEventAsync(Scenarios.InvalidInterval, FailureReason.InvalidSpec);

        var leader = await fixture.Controllers.LeaderAsync(TimeSpan.FromSeconds(30));
        var survivor = Assert.Single(fixture.Controllers.Running, r => r != leader);
        Assert.False(await survivor.LeadsAsync());
        Assert.Equal(leader.Name, await CurrentMasterAsync(survivor));

        var stopped = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await leader.Process.TerminateAsync(TimeSpan.FromSeconds(45)));
        var exited = clock.Elapsed;

        // The stopped leader hands the Lease back, so the survivor need not wait for it to expire
        // (15 s); the bound allows for the expiry anyway.
        await Eventually.TrueAsync(survivor.LeadsAsync, TimeSpan.FromSeconds(30), $"{survivor.Name} to lead");
        var handedOver = clock.Elapsed;
        output.WriteLine($"{leader.Name} exited {exited.TotalSeconds:0.0} s after SIGTERM; {survivor.Name} led {handedOver.TotalSeconds:0.0} s after it");
        var lease = await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("healthchecks-controller", fixture.Namespace);
        Assert.Equal(survivor.Name, lease.Spec.HolderIdentity);
        Assert.Equal(survivor.Name, await CurrentMasterAsync(survivor));

        // A run started by the new leader completes and passes: the schedule goes on.
        var state = await Eventually.GetAsync(
            async () => await new KuberhealthyApi(fixture.Client).States.GetAsync(fixture.Namespace, Scenarios.Steady) is { Spec: { RunStarted: { } started } spec }
                && started > stopped && spec.ResultUuid == spec.Uuid && spec.OK ? spec : null,
            TimeSpan.FromMinutes(3),
            $"a passing run of {Scenarios.Steady} started after the hand-over (controller output:\n{fixture.Controllers.Output})",
            TimeSpan.FromSeconds(1));
        Assert.Equal(survivor.Name, state.AuthoritativePod);
        output.WriteLine($"{Scenarios.Steady}: run {state.Uuid} started {(state.RunStarted!.Value - stopped).TotalSeconds:0.0} s after SIGTERM, seen passed {clock.Elapsed.TotalSeconds:0.0} s after it");

        // The survivor serves everything on its own.
        foreach (var probe in new[] { "/healthz", "/readyz" })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await survivor.GetAsync(probe)).StatusCode);
        }
    }

    private static async Task<string?> CurrentMasterAsync(ControllerReplicas.Replica replica)
    {
        using var response = await replica.GetAsync("/json");
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return status.RootElement.GetProperty("CurrentMaster").GetString();
    }
}
