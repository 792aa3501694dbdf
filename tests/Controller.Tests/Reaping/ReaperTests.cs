using HealthChecks.Controller.Reaping;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.Kube.Resources;
using k8s.Models;
using Microsoft.Extensions.Logging;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Reaping;

/// <summary>The reaper's deletions against the fake API: what ReapPlanner chose goes, a failing delete does not stop the others.</summary>
public sealed class ReaperTests : IAsyncLifetime
{
    private readonly LogRecorder<Reaper> _log = new();
    private ApiRig _rig = null!;
    private Reaper _reaper = null!;

    public async Task InitializeAsync()
    {
        _rig = await ApiRig.StartAsync(Options(maxCompleted: 1, maxError: 1, maxJobAge: TimeSpan.FromMinutes(15)));
        _reaper = new Reaper(_rig.Kh, _rig.Caches, _rig.Options, _rig.Time, _log);

        // A completed khjob 16 minutes old; then three succeeded and two failed checker pods of "dns", a minute apart; a khstate whose check is gone.
        _rig.PutJob(Job("old", ApiRig.Ns, phase: KhJobPhase.Completed));
        _rig.Time.Advance(TimeSpan.FromMinutes(16));
        _rig.PutCheck(Check("dns", ApiRig.Ns));
        _rig.PutState("dns", new KhStateSpec());
        _rig.PutState("gone", new KhStateSpec());
        foreach (var (name, phase) in new[] { ("p1", "Succeeded"), ("f1", "Failed"), ("p2", "Succeeded"), ("f2", "Failed"), ("p3", "Succeeded") })
        {
            PutPod(name, phase);
            _rig.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private void PutPod(string name, string phase) =>
        _rig.Api.Put(BuiltInKinds.Pods, new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ApiRig.Ns,
                Labels = new Dictionary<string, string> { [CheckLabels.CheckName] = "dns", [CheckLabels.RunId] = "run-" + name },
                Annotations = new Dictionary<string, string> { [CheckLabels.CheckNameAnnotation] = "dns" },
            },
            Spec = PodSpec(("main", "checker:1")),
            Status = new V1PodStatus { Phase = phase },
        });

    private string[] PodsLeft() => [.. _rig.Pods().Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task ReapOnceAsync_WhatThePlannerChose_DeletedOnceEachAndCounted()
    {
        await _reaper.ReapOnceAsync(default);

        Assert.Equal(["f2", "p3"], PodsLeft());
        Assert.Null(_rig.Api.Get<KuberhealthyJob>(KhResources.Jobs, ApiRig.Ns, "old"));
        Assert.Null(_rig.State("gone"));
        Assert.NotNull(_rig.State("dns"));
        Assert.Equal((3, 1, 1), (_rig.Count("DELETE", "pods"), _rig.Count("DELETE", "khjobs"), _rig.Count("DELETE", "khstates")));
        Assert.Equal(new Dictionary<string, long> { ["completed"] = 2, ["failed"] = 1, ["job-expired"] = 1, ["orphaned"] = 1 }, _reaper.Deleted.ToDictionary());
        Assert.Equal(new Dictionary<string, long> { ["completed"] = 2, ["failed"] = 1 }, _reaper.DeletedPods.ToDictionary());
        var pod = _rig.Api.Requests.First(r => r.Is("DELETE", "pods"));
        Assert.Contains("\"propagationPolicy\":\"Background\"", pod.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReapOnceAsync_DeletesThatFail_LoggedAndTheOthersStillGo()
    {
        _rig.Api.Faults.Fail(500, when: r => r.Is("DELETE", "pods") && r.Address?.Name == "p1", message: "etcdserver: leader changed");
        _rig.Api.Faults.Abort(when: r => r.Is("DELETE", "khjobs"));

        await _reaper.ReapOnceAsync(default);

        Assert.Equal(["f2", "p1", "p3"], PodsLeft());
        Assert.NotNull(_rig.Api.Get<KuberhealthyJob>(KhResources.Jobs, ApiRig.Ns, "old"));
        Assert.Null(_rig.State("gone"));
        Assert.Equal(new Dictionary<string, long> { ["completed"] = 1, ["failed"] = 1, ["orphaned"] = 1 }, _reaper.Deleted.ToDictionary());
        var failures = _log.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, e => e.Message == "Could not reap Pod kuberhealthy/p1" && e.Error is not null);
        Assert.Contains(failures, e => e.Message == "Could not reap KuberhealthyJob kuberhealthy/old" && e.Error is HttpRequestException);
    }

    [Fact]
    public async Task ReapOnceAsync_AlreadyGone_NotCountedAndNotAFailure()
    {
        _rig.Api.Feed.HoldBack();
        _rig.Api.Remove(BuiltInKinds.Pods, ApiRig.Ns, "p1");

        await _reaper.ReapOnceAsync(default);

        Assert.Equal(2, _reaper.DeletedPods["completed"] + _reaper.DeletedPods["failed"]);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(3, _rig.Count("DELETE", "pods"));
    }

    [Fact]
    public async Task ReapOnceAsync_Twice_TheSecondFindsNothingLeftToDelete()
    {
        await _reaper.ReapOnceAsync(default);
        _rig.Api.ClearRequests();

        await _reaper.ReapOnceAsync(default);

        Assert.Empty(_rig.Api.Requests);
        Assert.Equal(5, _reaper.Deleted.Values.Sum());
    }
}
