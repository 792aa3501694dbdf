using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s;
using k8s.Models;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>A khjob runs once to completion; deleting a khcheck takes its pods and its khstate with it.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class JobAndDeletionTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task A_khjob_runs_once_and_is_completed()
    {
        var state = await fixture.ResultAsync(Scenarios.Job, TimeSpan.FromMinutes(2));
        Assert.True(state.OK, string.Join("; ", state.Errors));
        Assert.Equal("KHJob", state.Workload);
        var job = await Eventually.GetAsync(
            async () => await new KuberhealthyApi(fixture.Client).Jobs.GetAsync(fixture.Namespace, Scenarios.Job) is { Spec.Phase: KhJobPhase.Completed } j ? j : null,
            TimeSpan.FromSeconds(30),
            "the khjob to be Completed");
        Assert.Equal(KhJobPhase.Completed, job.Spec!.Phase);
    }

    [Fact]
    public async Task Deleting_a_khcheck_removes_its_running_pod_and_its_khstate()
    {
        const string name = "deleted-while-running";
        await new KuberhealthyApi(fixture.Client).Checks.CreateAsync(new KuberhealthyCheck
        {
            ApiVersion = KhResources.ApiVersion,
            Kind = "KuberhealthyCheck",
            Metadata = new() { Name = name, NamespaceProperty = fixture.Namespace },
            Spec = new KhCheckSpec
            {
                RunInterval = "1h",
                Timeout = "10m",
                PodSpec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36", Command = ["sleep", "3600"] }] },
            },
        });
        var selector = $"{CheckLabels.CheckName}={name}";
        await Eventually.TrueAsync(
            async () => (await fixture.Client.CoreV1.ListNamespacedPodAsync(fixture.Namespace, labelSelector: selector)).Items.Any(p => p.Status?.Phase == "Running"),
            TimeSpan.FromSeconds(60),
            "the checker pod to run");
        await Eventually.TrueAsync(async () => await new KuberhealthyApi(fixture.Client).States.GetAsync(fixture.Namespace, name) is not null, TimeSpan.FromSeconds(30), "its khstate");

        await new KuberhealthyApi(fixture.Client).Checks.DeleteAsync(fixture.Namespace, name);

        await Eventually.TrueAsync(async () => (await fixture.Client.CoreV1.ListNamespacedPodAsync(fixture.Namespace, labelSelector: selector)).Items.Count == 0, TimeSpan.FromSeconds(90), "the pod to be gone");
        await Eventually.TrueAsync(async () => await new KuberhealthyApi(fixture.Client).States.GetAsync(fixture.Namespace, name) is null, TimeSpan.FromSeconds(60), "the khstate to be gone");
    }
}
