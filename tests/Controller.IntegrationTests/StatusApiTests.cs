using System.Net;
using System.Text;
using System.Text.Json;
using HealthChecks.Controller.Resources;
using k8s;
using k8s.Models;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>The status document, metrics, probes and run-now API of a real controller on the real API server.</summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class StatusApiTests(ControllerFixture fixture)
{
    private readonly Kubernetes _client = fixture.ControlPlane.Client;

    [Fact]
    public async Task Status_PendingThenFailing_V2DocumentFilteredByNamespace()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("status", waitForServiceAccount: true); // pods are refused until the namespace has its ServiceAccount
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "probe"));
        var key = ns.Name + "/probe";

        // Before any result: not in the v2 fields (as upstream), listed as Pending apart, the cluster healthy.
        var pending = await Eventually.GetAsync(
            async () => (await GetJsonAsync(controller.Http, "/json")) is var doc && doc.RootElement.TryGetProperty("PendingCheckDetails", out var p) && p.TryGetProperty(key, out _) ? doc : null,
            TimeSpan.FromSeconds(20), "the new check on the status page");
        Assert.True(pending.RootElement.GetProperty("OK").GetBoolean());
        Assert.False(pending.RootElement.GetProperty("CheckDetails").TryGetProperty(key, out _));
        Assert.Equal("Pending", pending.RootElement.GetProperty("PendingCheckDetails").GetProperty(key).GetProperty("State").GetString());
        Assert.Equal(controller.Get<Configuration.ControllerOptions>().PodName, pending.RootElement.GetProperty("CurrentMaster").GetString());

        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "probe");
        Assert.Equal(HttpStatusCode.OK, (await controller.ReportAsync(TestKubelet.RunId(pod), """{"OK":false,"Errors":["the \"probe\" broke"]}""")).StatusCode);

        var failing = await Eventually.GetAsync(
            async () => (await GetJsonAsync(controller.Http, "/")) is var doc && !doc.RootElement.GetProperty("OK").GetBoolean() ? doc : null,
            TimeSpan.FromSeconds(20), "the failure on the status page");
        Assert.Equal(["the \"probe\" broke"], failing.RootElement.GetProperty("Errors").EnumerateArray().Select(e => e.GetString()));
        var detail = failing.RootElement.GetProperty("CheckDetails").GetProperty(key);
        Assert.Equal("Failing", detail.GetProperty("State").GetString());
        Assert.Equal("CheckFailed", detail.GetProperty("Reason").GetString());
        Assert.Equal(TestKubelet.RunId(pod), detail.GetProperty("uuid").GetString());
        Assert.Equal("1h0m0s", detail.GetProperty("RunInterval").GetString());

        // The wire format: JSON, two-space indent, always 200.
        using var response = await controller.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("{\n  \"OK\": false,\n  \"Errors\": [\n    \"the \\\"probe\\\" broke\"\n  ],", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another namespace: nothing of this one, and healthy.
        var other = await GetJsonAsync(controller.Http, "/json?namespace=elsewhere,,");
        Assert.True(other.RootElement.GetProperty("OK").GetBoolean());
        Assert.Empty(other.RootElement.GetProperty("CheckDetails").EnumerateObject());
        var both = await GetJsonAsync(controller.Http, $"/json?namespace=elsewhere,{ns.Name}");
        Assert.False(both.RootElement.GetProperty("OK").GetBoolean());
    }

    [Fact]
    public async Task Status_RequestWithBody_400OnEveryMethod()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("status-body");
        await using var controller = await RunningController.StartAsync(_client, ns.Name);

        foreach (var (method, path) in new[] { (HttpMethod.Get, "/"), (HttpMethod.Post, "/"), (HttpMethod.Put, "/json") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent("""{"OK":true,"Errors":[]}""", Encoding.UTF8, "application/json") };
            using var response = await controller.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using var post = await controller.Http.PostAsync("/json", null);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode); // no body: the document, whatever the method, as upstream
    }

    [Fact]
    public async Task Metrics_RealOutput_PromtoolCleanWithTheCheckSeries()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("metrics", waitForServiceAccount: true); // pods are refused until the namespace has its ServiceAccount
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "measured"));
        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "measured");
        Assert.Equal(HttpStatusCode.OK, (await controller.ReportAsync(TestKubelet.RunId(pod), """{"OK":false,"Errors":["a \\ back\nslash \"and\" quotes"]}""")).StatusCode);

        var series = $"kuberhealthy_check{{check=\"{ns.Name}/measured\",namespace=\"{ns.Name}\",status=\"0\",error=\"a \\\\ back\\nslash 'and' quotes\"}} 0\n";
        var text = await Eventually.GetAsync(
            async () => await controller.Http.GetStringAsync("/metrics") is var t && t.Contains(series, StringComparison.Ordinal) ? t : null,
            TimeSpan.FromSeconds(20), "the failed check in /metrics");
        Assert.Contains("kuberhealthy_cluster_state 0\n", text, StringComparison.Ordinal);
        Assert.Contains($"kuberhealthy_check_runs_total{{check=\"{ns.Name}/measured\",namespace=\"{ns.Name}\",result=\"failure\",reason=\"CheckFailed\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_controller_leader 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_scheduler_last_tick_timestamp_seconds ", text, StringComparison.Ordinal);
        Assert.Contains($"kuberhealthy_check_run_duration_seconds_count{{namespace=\"{ns.Name}\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_reports_total{outcome=\"stored\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_check_run_start_delay_seconds_count 0\n", text, StringComparison.Ordinal); // a first run is never late
        Assert.Contains("kuberhealthy_http_request_duration_seconds_count{endpoint=\"/externalCheckStatus\",code=\"200\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("process_working_set_bytes ", text, StringComparison.Ordinal); // prometheus-net's process collector

        using var response = await controller.Http.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var (exitCode, findings) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0 && findings.Length == 0, $"promtool check metrics: exit {exitCode}\n{findings}\n{text}");
    }

    /// <summary>Long enough for the run-now limit's bucket to be full again.</summary>
    private static readonly TimeSpan RunNowRefill = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task RunNow_WithAToken_202ThenConflictWhileRunning404Unknown409Paused_401And403Without()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("run-now", waitForServiceAccount: true); // pods are refused until the namespace has its ServiceAccount
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "on-demand", interval: "1h"));
        var paused = TestKubelet.Check(ns.Name, "off", interval: "1h");
        paused.Spec.Paused = true;
        await new KuberhealthyApi(_client).Checks.CreateAsync(paused);

        // The first run starts at once (a new check); while it runs, another is refused.
        var first = await TestKubelet.NextPodAsync(_client, ns.Name, "on-demand");
        Assert.Equal(HttpStatusCode.Conflict, (await RunNowAsync(controller, ns.Name, "on-demand")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await controller.ReportAsync(TestKubelet.RunId(first), """{"OK":true,"Errors":[]}""")).StatusCode);
        await Eventually.TrueAsync(async () => (await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "on-demand"))?.Spec.ResultUuid == TestKubelet.RunId(first),
            TimeSpan.FromSeconds(20), "the first result");

        // Not due for an hour, yet run now: a second pod, a new run.
        await Eventually.TrueAsync(async () => (await RunNowAsync(controller, ns.Name, "on-demand")).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(10), "202 once the first run has ended in the scheduler");
        var second = await TestKubelet.NextPodAsync(_client, ns.Name, "on-demand", seen: new HashSet<string> { TestKubelet.RunId(first) });
        Assert.NotEqual(TestKubelet.RunId(first), TestKubelet.RunId(second));
        Assert.Equal(HttpStatusCode.Conflict, (await RunNowAsync(controller, ns.Name, "on-demand")).StatusCode);

        await Task.Delay(RunNowRefill); // the per-source limit (2 a second, 4 at once) would answer 429
        Assert.Equal(HttpStatusCode.NotFound, (await RunNowAsync(controller, ns.Name, "no-such-check")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await RunNowAsync(controller, ns.Name, "off")).StatusCode);
        using var missing = await controller.Http.PostAsync("/api/run?name=on-demand", null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        // The Kubernetes way: no token, 401; a token whose user may not patch the khcheck, 403.
        await Task.Delay(RunNowRefill);
        using var anonymous = await controller.Http.PostAsync($"/api/run?namespace={ns.Name}&name=on-demand", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        using var nobody = await RunNowAsync(controller, ns.Name, "on-demand", fixture.ControlPlane.Cluster.Environment["NOBODY_TOKEN"]);
        Assert.Equal(HttpStatusCode.Forbidden, nobody.StatusCode);
        Assert.Contains("may not patch khcheck", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotLeader_RunNowAcceptedForTheLeader_StatusShowsTheLeaseHolder_ProbesHealthy()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("follower");
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new() { Name = "healthchecks-controller", NamespaceProperty = ns.Name },
            Spec = new V1LeaseSpec { HolderIdentity = "the-other-replica", LeaseDurationSeconds = 3600, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow },
        }, ns.Name);
        await using var controller = await RunningController.StartAsync(_client, ns.Name, o => o with { Standalone = false });
        await new KuberhealthyApi(_client).Checks.CreateAsync(TestKubelet.Check(ns.Name, "led-elsewhere"));

        await Eventually.TrueAsync(async () => (await GetJsonAsync(controller.Http, "/")).RootElement.GetProperty("CurrentMaster").GetString() == "the-other-replica",
            TimeSpan.FromSeconds(20), "CurrentMaster to name the Lease holder");
        // Any replica takes the request: it becomes the khcheck's annotation, which the leader acts on.
        using var runNow = await RunNowAsync(controller, ns.Name, "led-elsewhere");
        Assert.Equal(HttpStatusCode.Accepted, runNow.StatusCode);
        var asked = await new KuberhealthyApi(_client).Checks.GetAsync(ns.Name, "led-elsewhere");
        Assert.NotNull(asked!.Metadata.Annotations?["healthchecks.io/run-requested"]);

        Assert.Equal(HttpStatusCode.OK, (await controller.Http.GetAsync("/healthz")).StatusCode);
        await Eventually.TrueAsync(async () => (await controller.Http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "/readyz on a follower");
        var metrics = await controller.Http.GetStringAsync("/metrics");
        Assert.Contains("kuberhealthy_controller_leader 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("kuberhealthy_running{current_master=\"the-other-replica\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Empty((await _client.CoreV1.ListNamespacedPodAsync(ns.Name)).Items); // a follower runs nothing
    }

    [Fact]
    public async Task SchedulerTick_MovesOnTheLeaderWithNoCheckDue()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("tick");
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        var loop = controller.Get<Reconciling.ControlLoop>();

        var first = await Eventually.GetAsync(() => Task.FromResult(loop.LastTick), TimeSpan.FromSeconds(20), "the first heartbeat");
        await Eventually.TrueAsync(() => Task.FromResult(loop.LastTick > first), Reconciling.ControlLoop.TickInterval * 3, "a second heartbeat");
        Assert.Contains("kuberhealthy_scheduler_last_tick_timestamp_seconds ", await controller.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstRun_ServiceAccountAppliedJustAfterTheCheck_PodCreatedOnceItExists()
    {
        await using var ns = await fixture.ControlPlane.CreateNamespaceAsync("late-sa", waitForServiceAccount: true);
        await TestKubelet.EnsureNodeAsync(_client);
        await using var controller = await RunningController.StartAsync(_client, ns.Name);
        var check = TestKubelet.Check(ns.Name, "needs-sa");
        check.Spec.PodSpec!.ServiceAccountName = "late-sa";
        check.Spec.PodSpec.AutomountServiceAccountToken = false;
        await new KuberhealthyApi(_client).Checks.CreateAsync(check);

        await Task.Delay(TimeSpan.FromSeconds(2)); // the first run is refused meanwhile: no such account
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new() { Name = "late-sa", NamespaceProperty = ns.Name } }, ns.Name);

        var pod = await TestKubelet.NextPodAsync(_client, ns.Name, "needs-sa", seconds: 20);
        Assert.Equal("late-sa", pod.Spec!.ServiceAccountName);
        Assert.Null((await new KuberhealthyApi(_client).States.GetAsync(ns.Name, "needs-sa"))!.Spec.Reason);
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path) => JsonDocument.Parse(await http.GetStringAsync(path));

    private Task<HttpResponseMessage> RunNowAsync(RunningController controller, string @namespace, string name, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/run?namespace={@namespace}&name={name}");
        request.Headers.Authorization = new("Bearer", token ?? fixture.ControlPlane.Cluster.Environment["ADMIN_TOKEN"]);
        return controller.Http.SendAsync(request);
    }
}
