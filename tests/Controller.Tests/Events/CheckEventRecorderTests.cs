using System.Text.Json.Nodes;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.Kube;
using HealthChecks.Kube.Resources;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Events;

/// <summary>Events written to the fake API: one object per event, a repeat counted on it, anew when it expired.</summary>
public sealed class CheckEventRecorderTests : IAsyncLifetime
{
    private static readonly CheckKey Dns = ApiRig.Key("dns");
    private static readonly CheckEvent Failed = new("Warning", FailureReason.CheckFailed, "lookup kubernetes.default failed");
    private ApiRig _rig = null!;
    private CheckEventRecorder _recorder = null!;

    public async Task InitializeAsync()
    {
        _rig = await ApiRig.StartAsync();
        _recorder = new CheckEventRecorder(_rig.Client, new EventCorrelator(_rig.Time), "controller-0", _rig.Time);
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private Task RecordAsync(CheckEvent @event) => _recorder.RecordAsync(Dns, WorkloadKind.KHCheck, "uid-dns", @event, default);

    private IReadOnlyList<Corev1Event> Events() => _rig.Api.List<Corev1Event>(BuiltInKinds.Events, ApiRig.Ns);

    [Fact]
    public async Task RecordAsync_FirstTime_OneEventOnTheCheck()
    {
        await RecordAsync(Failed);

        var recorded = Assert.Single(Events());
        Assert.Equal(("KuberhealthyCheck", "comcast.github.io/v1", "dns", "uid-dns"), (recorded.InvolvedObject.Kind, recorded.InvolvedObject.ApiVersion, recorded.InvolvedObject.Name, recorded.InvolvedObject.Uid));
        Assert.Equal(("Warning", "CheckFailed", "lookup kubernetes.default failed", 1), (recorded.Type, recorded.Reason, recorded.Message, recorded.Count));
        Assert.Equal((CheckEventRecorder.Component, "controller-0"), (recorded.Source.Component, recorded.ReportingInstance));
        Assert.Equal(T0.UtcDateTime, recorded.FirstTimestamp);
        Assert.StartsWith("dns.", recorded.Metadata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAsync_RepeatWithinTheWindow_CountedOnTheExistingEventWithOnePatch()
    {
        await RecordAsync(Failed);
        _rig.Time.Advance(TimeSpan.FromMinutes(3));
        await RecordAsync(Failed);
        _rig.Time.Advance(TimeSpan.FromMinutes(3));
        await RecordAsync(Failed);

        var recorded = Assert.Single(Events());
        Assert.Equal(3, recorded.Count);
        Assert.Equal((T0.UtcDateTime, T0.AddMinutes(6).UtcDateTime), (recorded.FirstTimestamp, recorded.LastTimestamp));
        Assert.Equal((1, 2), (_rig.Count("POST", "events"), _rig.Count("PATCH", "events")));
        var patch = _rig.Api.Requests.Last(r => r.Is("PATCH", "events"));
        Assert.StartsWith("application/merge-patch+json", patch.ContentType, StringComparison.Ordinal);
        Assert.Equal(3, (int?)JsonNode.Parse(patch.Body)?["count"]);
    }

    [Fact]
    public async Task RecordAsync_OtherEventOfTheSameCheck_ItsOwnObject()
    {
        await RecordAsync(Failed);
        await RecordAsync(new CheckEvent("Normal", CheckEvent.Recovered, "the check passed again"));

        Assert.Equal(2, Events().Count);
        Assert.Equal(0, _rig.Count("PATCH", "events"));
    }

    [Fact]
    public async Task RecordAsync_RepeatAfterTheWindow_ANewEvent()
    {
        await RecordAsync(Failed);
        _rig.Time.Advance(EventCorrelator.Window);
        await RecordAsync(Failed);

        Assert.Equal(2, Events().Count);
        Assert.Equal((2, 0), (_rig.Count("POST", "events"), _rig.Count("PATCH", "events")));
    }

    [Fact]
    public async Task RecordAsync_TheEventExpiredMeanwhile_PatchAnswered404ThenCreatedAnew()
    {
        await RecordAsync(Failed);
        _rig.Api.Remove(BuiltInKinds.Events, ApiRig.Ns, Events()[0].Metadata.Name); // the API server keeps Events an hour

        await RecordAsync(Failed);
        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        await RecordAsync(Failed);

        Assert.Equal(2, Assert.Single(Events()).Count);
        Assert.Equal((2, 2), (_rig.Count("POST", "events"), _rig.Count("PATCH", "events")));
    }

    [Fact]
    public async Task RecordAsync_ApiFails_ThrowsForTheCallerToCountAndTheNextRecordCreates()
    {
        _rig.Api.Faults.Fail(500, when: r => r.Is("POST", "events"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => RecordAsync(Failed));
        await RecordAsync(Failed);

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.ApiStatusCode());
        Assert.Equal(1, Assert.Single(Events()).Count);
    }

    [Fact]
    public async Task RecordAsync_LongMessage_CutToTheBound()
    {
        await RecordAsync(Failed with { Message = new string('x', 5000) });

        Assert.Equal(CheckEventRecorder.MaxMessageLength + 1, Assert.Single(Events()).Message.Length);
    }

    [Fact]
    public async Task RecordAsync_Job_TheEventIsOnTheKhjob()
    {
        await _recorder.RecordAsync(ApiRig.Key("once"), WorkloadKind.KHJob, "uid-once", Failed, default);

        Assert.Equal(("KuberhealthyJob", "once"), (Events()[0].InvolvedObject.Kind, Events()[0].InvolvedObject.Name));
    }
}
