using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;
using k8s.Models;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>
/// Each way a run goes wrong ends with its own reason in the khstate and a Warning Event (the
/// leader records one when a check starts failing, not one per run), and leaves no pod running.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class FailureTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task A_checker_reporting_failure_stores_its_errors()
    {
        var state = await fixture.ResultAsync(Scenarios.ReportsFailure, TimeSpan.FromMinutes(2));
        Assert.False(state.OK);
        Assert.Equal(FailureReason.CheckFailed, state.Reason);
        Assert.Equal([Scenarios.UnreachableUrl + " did not answer 2xx"], state.Errors);
        Assert.Equal(1, state.ConsecutiveFailures);
        await AssertWarningEventAsync(Scenarios.ReportsFailure, FailureReason.CheckFailed);
    }

    [Fact]
    public async Task A_checker_that_never_reports_times_out_and_its_pod_is_deleted()
    {
        var state = await fixture.ResultAsync(Scenarios.NeverReports, TimeSpan.FromMinutes(2));
        Assert.False(state.OK);
        Assert.Equal(FailureReason.Timeout, state.Reason);
        await AssertWarningEventAsync(Scenarios.NeverReports, FailureReason.Timeout);
        await Eventually.TrueAsync(async () => (await PodsOfAsync(Scenarios.NeverReports)).Count == 0, TimeSpan.FromSeconds(60), "the timed-out pod to be deleted");
    }

    [Fact]
    public async Task A_checker_exiting_without_a_report_fails_with_its_exit_code()
    {
        var state = await fixture.ResultAsync(Scenarios.ExitsSilently, TimeSpan.FromMinutes(2));
        Assert.False(state.OK);
        Assert.Equal(FailureReason.PodFailed, state.Reason);
        Assert.Contains(state.Errors, e => e.Contains("exit code 3", StringComparison.Ordinal));
        await AssertWarningEventAsync(Scenarios.ExitsSilently, FailureReason.PodFailed);
    }

    [Fact]
    public async Task A_check_whose_image_does_not_exist_fails_to_start_without_waiting_for_its_timeout()
    {
        var state = await fixture.ResultAsync(Scenarios.MissingImage, TimeSpan.FromMinutes(2));
        Assert.False(state.OK);
        Assert.Equal(FailureReason.PodStartFailed, state.Reason);
        Assert.Contains(state.Errors, e => e.Contains("ErrImagePull", StringComparison.Ordinal) || e.Contains("ImagePullBackOff", StringComparison.Ordinal));
        Assert.True(state.RunStarted is { } started && state.LastRun is { } ended && ended - started < TimeSpan.FromSeconds(50), "ended before its 1m timeout");
    }

    [Fact]
    public async Task A_malformed_check_shows_its_problem_and_never_runs()
    {
        var state = await Eventually.GetAsync(
            async () => await new KuberhealthyApi(fixture.Client).States.GetAsync(fixture.Namespace, Scenarios.InvalidInterval) is { Spec.Reason: FailureReason.InvalidSpec } s ? s.Spec : null,
            TimeSpan.FromSeconds(60),
            "the InvalidSpec khstate");
        Assert.False(state.OK);
        Assert.Contains(state.Errors, e => e.Contains("5 minutes", StringComparison.Ordinal));
        await AssertWarningEventAsync(Scenarios.InvalidInterval, FailureReason.InvalidSpec);
        Assert.Empty((await fixture.Client.CoreV1.ListNamespacedPodAsync(fixture.Namespace, labelSelector: $"{CheckLabels.CheckName}={Scenarios.InvalidInterval}")).Items);
    }

    private async Task<IReadOnlyList<V1Pod>> PodsOfAsync(string check) =>
        (await fixture.Client.CoreV1.ListNamespacedPodAsync(fixture.Namespace, labelSelector: $"{CheckLabels.CheckName}={check}"))
            .Items.Where(p => p.Status?.Phase is "Pending" or "Running").ToList();

    private Task AssertWarningEventAsync(string check, string reason) => fixture.WarningEventAsync(check, reason);
}
