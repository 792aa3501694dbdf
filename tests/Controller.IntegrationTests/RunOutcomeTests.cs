using System.Net;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube;
using k8s;
using k8s.Models;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>Each way a run ends, on the real API server, with the test playing checker and kubelet.</summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class RunOutcomeTests(ControllerFixture fixture)
{
    private readonly Kubernetes _client = fixture.ControlPlane.Client;

    [Fact]
    public async Task Report_Ok_StoresResultOnceAndRecordsEvent()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("ok", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "ok-check"));

        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "ok-check");
        var runId = TestKubelet.RunId(pod);
        var env = pod.Spec!.Containers![0].Env!.ToDictionary(e => e.Name!, e => e);
        Assert.Equal(controller.ReportUrl, env["KH_REPORTING_URL"].Value);
        Assert.Equal(runId, env["KH_RUN_UUID"].Value);
        Assert.Equal("metadata.namespace", env["KH_POD_NAMESPACE"].ValueFrom!.FieldRef!.FieldPath);
        Assert.Equal("yes", env["KEEP_ME"].Value);
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal("KuberhealthyCheck", Assert.Single(pod.Metadata.OwnerReferences!).Kind);
        await TestKubelet.RunningAsync(_client, pod);

        Assert.Equal(HttpStatusCode.OK, (await controller.ReportAsync(runId, """{"OK":true,"Errors":[]}""")).StatusCode);

        var state = await StoredResultAsync(ns.Name, "ok-check", runId);
        Assert.True(state.Spec.OK);
        Assert.Empty(state.Spec.Errors);
        Assert.Equal("test-controller", state.Spec.AuthoritativePod[..15]);
        Assert.Equal(TestKubelet.NodeName, state.Spec.Node);
        Assert.True(GoDuration.TryParse(state.Spec.RunDuration, out var duration) && duration > TimeSpan.Zero);
        Assert.Equal(0, state.Spec.ConsecutiveFailures);
        Assert.NotNull(state.Spec.LastSuccess);

        // A second report for the same run is refused and changes nothing.
        var second = await controller.ReportAsync(runId, """{"OK":false,"Errors":["late second opinion"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("already reported", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "ok-check");
        Assert.Equal(state.Metadata.ResourceVersion, after!.Metadata.ResourceVersion);

        // A first success is no news: no Event (only changes of a check's state write one).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(await EventsAsync(ns.Name), e => e.InvolvedObject!.Name == "ok-check");
    }

    [Fact]
    public async Task Report_Failed_StoresErrorsWithReasonCheckFailed()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("fail", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "failing"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "failing");

        // keys in any case, as Go's decoder accepts them
        var response = await controller.ReportAsync(TestKubelet.RunId(pod), """{"ok":false,"errors":["disk is full","and on fire"]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var state = await StoredResultAsync(ns.Name, "failing", TestKubelet.RunId(pod));
        Assert.False(state.Spec.OK);
        Assert.Equal(["disk is full", "and on fire"], state.Spec.Errors);
        Assert.Equal(FailureReason.CheckFailed, state.Spec.Reason);
        Assert.Equal(1, state.Spec.ConsecutiveFailures);
        await Eventually.TrueAsync(async () => (await EventsAsync(ns.Name)).Any(e => e.Reason == FailureReason.CheckFailed && e.Type == "Warning" && e.Message!.Contains("disk is full", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the CheckFailed event");

        // The same failure again writes nothing; the recovery writes one Normal event.
        var seen = new HashSet<string> { TestKubelet.RunId(pod) };
        foreach (var body in new[] { """{"OK":false,"Errors":["disk is full","and on fire"]}""", """{"OK":true,"Errors":[]}""" })
        {
            await TestKubelet.RequestRunAsync(_client, ns.Name, "failing"); // as kubectl annotate does
            var next = await TestKubelet.NextPodAsync(_client, ns.Name, "failing", seen: seen);
            seen.Add(TestKubelet.RunId(next));
            var answer = await controller.ReportAsync(TestKubelet.RunId(next), body);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            await StoredResultAsync(ns.Name, "failing", TestKubelet.RunId(next));
        }

        await Eventually.TrueAsync(async () => (await EventsAsync(ns.Name)).Any(e => e.Reason == "CheckRecovered" && e.Type == "Normal" && e.InvolvedObject!.Name == "failing"),
            TimeSpan.FromSeconds(10), "the CheckRecovered event");
        Assert.Single(await EventsAsync(ns.Name), e => e.Reason == FailureReason.CheckFailed);
    }

    [Fact]
    public async Task PodExitsWithoutReport_PodFailed()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("exit", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "crasher"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "crasher");
        await TestKubelet.RunningAsync(_client, pod);
        await TestKubelet.ExitedAsync(_client, pod, exitCode: 3);

        var state = await StoredResultAsync(ns.Name, "crasher", TestKubelet.RunId(pod));
        Assert.Equal(FailureReason.PodFailed, state.Spec.Reason);
        Assert.Contains("exit code 3", Assert.Single(state.Spec.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImagePullError_PodStartFailedAtOnce()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("pull", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "no-image", timeout: "5m"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "no-image");
        await TestKubelet.WaitingAsync(_client, pod, "ErrImagePull");

        var state = await StoredResultAsync(ns.Name, "no-image", TestKubelet.RunId(pod), seconds: 20);
        Assert.Equal(FailureReason.PodStartFailed, state.Spec.Reason);
        Assert.Contains("ErrImagePull", Assert.Single(state.Spec.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoReport_TimesOutDeletesPodAndRefusesLateReportWith410()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("timeout", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "silent", timeout: "4s"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "silent");
        await TestKubelet.RunningAsync(_client, pod);

        var state = await StoredResultAsync(ns.Name, "silent", TestKubelet.RunId(pod), seconds: 30);
        Assert.Equal(FailureReason.Timeout, state.Spec.Reason);
        Assert.Contains("timed out after 4s", Assert.Single(state.Spec.Errors), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await _client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name!, ns.Name).OrNullIfNotFound())?.Metadata.DeletionTimestamp is not null
                || await _client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name!, ns.Name).OrNullIfNotFound() is null,
            TimeSpan.FromSeconds(10), "the timed-out pod to be deleted");

        var late = await controller.ReportAsync(TestKubelet.RunId(pod), """{"OK":true,"Errors":[]}""");
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
    }

    [Fact]
    public async Task ReportIntake_RefusesBadReports()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("refuse", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "guarded"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "guarded");
        var runId = TestKubelet.RunId(pod);

        Assert.Equal(HttpStatusCode.BadRequest, (await controller.ReportAsync(runId, "{not json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await controller.ReportAsync(runId, """{"OK":false,"Errors":[]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await controller.ReportAsync(runId, """{"OK":false,"Errors":[" "]}""")).StatusCode);
        // A run id no cache knows: waited for (2 s), then 503, which checkers retry (it may be a run this replica has not seen yet).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await controller.ReportAsync(Guid.NewGuid().ToString(), """{"OK":true,"Errors":[]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge,
            (await controller.ReportAsync(runId, """{"OK":true,"Errors":[],"pad":""" + "\"" + new string('x', 1024 * 1024) + "\"}")).StatusCode);

        // None of that stored anything: the run still waits for its result.
        var state = await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "guarded");
        Assert.True(state!.Spec.RunInFlight);

        // Without the header, the caller is found by its pod IP (upstream's fallback): loopback here.
        await TestKubelet.RunningAsync(_client, pod, podIp: "127.0.0.1");
        await Eventually.TrueAsync(async () => (await controller.ReportAsync(null, """{"OK":true,"Errors":[]}""")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "the header-less report to be matched by pod IP");
        Assert.True((await StoredResultAsync(ns.Name, "guarded", runId)).Spec.OK);
    }

    private async Task<KuberhealthyState> StoredResultAsync(string @namespace, string name, string runId, int seconds = 20) =>
        await Eventually.GetAsync(async () =>
        {
            var state = await new KuberhealthyApi(_client).States.GetAsync(@namespace, name);
            return state?.Spec.ResultUuid == runId ? state : null;
        }, TimeSpan.FromSeconds(seconds), $"the result of run {runId} of {name}");

    private async Task<IReadOnlyList<Corev1Event>> EventsAsync(string @namespace) =>
        [.. (await _client.CoreV1.ListNamespacedEventAsync(@namespace)).Items];

}
