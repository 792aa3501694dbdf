using HealthChecks.TestKit;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>
/// A <c>healthchecks/report-ok</c> pod on the shared cluster reports to an HTTP listener in this
/// test (127.0.0.1), as a checker pod reports to the controller: the simulator does the POST.
/// </summary>
[Collection(SimulatorGroup.Name)]
public sealed class ReportOkTests(ControlPlaneFixture fixture)
{
    private readonly SimulatorDriver _sim = new(fixture);

    private static V1Pod Checker(string ns, string name, Uri reportingUrl, string runUuid)
    {
        var pod = PodSpecs.Image(ns, name, "healthchecks/report-ok:test");
        pod.Spec!.RestartPolicy = "Never";
        pod.Spec.Containers![0].Env =
        [
            new V1EnvVar { Name = "KH_REPORTING_URL", Value = reportingUrl.ToString() },
            new V1EnvVar { Name = "KH_RUN_UUID", Value = runUuid },
            new V1EnvVar { Name = "KH_POD_NAMESPACE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } },
        ];
        return pod;
    }

    [Fact]
    public async Task Accepted_PodSucceeds()
    {
        await using var ns = await fixture.CreateNamespaceAsync("reportok", waitForServiceAccount: true);
        await using var controller = await LoopbackHttpServer.StartAsync();
        var runUuid = Guid.NewGuid().ToString();

        var pod = await _sim.CreateAsync(Checker(ns.Name, "ok", controller.Url("/externalCheckStatus"), runUuid));
        var done = await _sim.WaitForPhaseAsync(pod, "Succeeded");

        var report = Assert.Single(controller.Requests);
        Assert.Equal(("POST", "/externalCheckStatus"), (report.Method, report.Path));
        Assert.Equal(runUuid, report.Header("kh-run-uuid"));
        Assert.Equal("""{"OK":true,"Errors":[]}""", report.Body);
        var terminated = done.Status!.ContainerStatuses!.Single().State!.Terminated!;
        Assert.Equal((0, "Completed"), (terminated.ExitCode, terminated.Reason));
        Assert.Contains("HTTP 200", await _sim.LogAsync(done), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_PodFailsWithTheReason()
    {
        await using var ns = await fixture.CreateNamespaceAsync("reportok", waitForServiceAccount: true);
        await using var controller = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(400, "unknown run"));

        var pod = await _sim.CreateAsync(Checker(ns.Name, "refused", controller.Url("/check"), "stale-run"));
        var failed = await _sim.WaitForPhaseAsync(pod, "Failed");

        Assert.Single(controller.Requests); // a 400 is final: no retry
        var terminated = failed.Status!.ContainerStatuses!.Single().State!.Terminated!;
        Assert.Equal((1, "Error"), (terminated.ExitCode, terminated.Reason));
        Assert.Equal("report refused: HTTP 400: unknown run", terminated.Message);
        Assert.Contains("report refused: HTTP 400: unknown run", await _sim.LogAsync(failed), StringComparison.Ordinal);
    }
}
