using System.Text.Json.Nodes;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.State;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.Kube;
using HealthChecks.TestKit.FakeKubeApi;

namespace HealthChecks.Controller.Tests.State;

public sealed class KhStateStoreTests : IAsyncLifetime
{
    private static readonly HealthChecks.Controller.Runs.CheckKey Dns = ApiRig.Key("dns");
    private ApiRig _rig = null!;

    public async Task InitializeAsync() => _rig = await ApiRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private int Puts => _rig.Count("PUT", "khstates");

    private int Gets => _rig.Count("GET", "khstates");

    private int Posts => _rig.Count("POST", "khstates");

    [Fact]
    public async Task UpdateAsync_CachedCopyCurrent_OnePutPreconditionedOnItsVersion()
    {
        var seeded = _rig.PutState("dns", new KhStateSpec { Node = "before" });

        var written = await _rig.States.UpdateAsync(Dns, spec => { spec.Node = "after"; return true; }, createIfMissing: false, default);

        Assert.Equal("after", written?.Spec.Node);
        Assert.Equal(1, Puts);
        Assert.Equal(0, Gets);
        var put = _rig.Api.Requests.Single(r => r.Method == "PUT");
        Assert.Equal(seeded.Metadata.ResourceVersion, (string?)JsonNode.Parse(put.Body)!["metadata"]!["resourceVersion"]);
        Assert.Same(written, _rig.Caches.States.Get(ApiRig.Ns, "dns"));
    }

    [Fact]
    public async Task UpdateAsync_StaleCachedCopy_ConflictReadsAgainAndDecidesOnTheNewerCopy()
    {
        _rig.PutState("dns", new KhStateSpec { Node = "old" });
        _rig.Api.Feed.HoldBack();
        _rig.UpdateState("dns", spec => spec.AuthoritativePod = "other-replica"); // the cache does not see it
        var seen = new List<string>();

        var written = await _rig.States.UpdateAsync(Dns, spec => { seen.Add(spec.AuthoritativePod); spec.Node = "mine"; return true; }, createIfMissing: false, default);

        Assert.Equal(["", "other-replica"], seen);
        Assert.Equal(2, Puts);
        Assert.Equal(1, Gets);
        var stored = _rig.State("dns")!.Spec;
        Assert.Equal(("mine", "other-replica"), (stored.Node, stored.AuthoritativePod));
        Assert.Equal(written!.Metadata.ResourceVersion, _rig.Caches.States.Get(ApiRig.Ns, "dns")!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task UpdateAsync_NewerCopyHasARunInFlight_DeclinesAndNeverOverwrites()
    {
        _rig.PutState("dns", new KhStateSpec { Uuid = "run-1", RunStarted = Builders.T0, ResultUuid = "run-1" });
        _rig.Api.Feed.HoldBack();
        _rig.UpdateState("dns", spec => { spec.Uuid = "run-2"; spec.RunStarted = Builders.T0.AddMinutes(1); });

        // BeginRun's condition: only when no run is in flight.
        var written = await _rig.States.UpdateAsync(Dns, spec =>
        {
            if (spec.RunInFlight)
            {
                return false;
            }

            spec.Uuid = "run-3";
            spec.RunStarted = Builders.T0.AddMinutes(1);
            return true;
        }, createIfMissing: true, default);

        Assert.Null(written);
        Assert.Equal("run-2", _rig.State("dns")!.Spec.Uuid);
        Assert.Equal(1, Puts); // the stale one, refused
        Assert.Equal(1, Gets);
        Assert.Equal("run-2", _rig.Caches.States.Get(ApiRig.Ns, "dns")?.Spec.Uuid); // the next decision is made on what was declined for
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UpdateAsync_DeletedMeanwhile_CreatedAnewOnlyWhenAsked(bool createIfMissing)
    {
        _rig.PutState("dns", new KhStateSpec());
        _rig.Api.Feed.HoldBack();
        _rig.Api.Remove(KhResources.States, ApiRig.Ns, "dns");

        var written = await _rig.States.UpdateAsync(Dns, spec => { spec.Node = "x"; return true; }, createIfMissing, default);

        Assert.Equal(createIfMissing ? "x" : null, written?.Spec.Node);
        Assert.Equal(createIfMissing ? "x" : null, _rig.State("dns")?.Spec.Node);
        Assert.Equal((1, 1, createIfMissing ? 1 : 0), (Puts, Gets, Posts)); // the PUT's 404, the GET's 404, then a POST if asked
    }

    [Fact]
    public async Task UpdateAsync_MissingAndAskedToCreate_CreatesANewStateInItsCheckNamespace()
    {
        var written = await _rig.States.UpdateAsync(Dns, spec => { spec.Node = "x"; return true; }, createIfMissing: true, default);

        var stored = _rig.State("dns")!;
        Assert.Equal(written!.Metadata.Uid, stored.Metadata.Uid);
        Assert.Equal((ApiRig.Ns, "x", true), (stored.Spec.Namespace, stored.Spec.Node, stored.Spec.OK));
        Assert.Equal((0, 1), (Puts, Posts));
    }

    [Fact]
    public async Task UpdateAsync_MissingAndNotAskedToCreate_NoRequestAtAll()
    {
        var written = await _rig.States.UpdateAsync(Dns, _ => true, createIfMissing: false, default);

        Assert.Null(written);
        Assert.Empty(_rig.Api.Requests);
    }

    [Fact]
    public async Task UpdateAsync_CreatedMeanwhileByAnother_AlreadyExistsReadsAndDecidesOnIt()
    {
        _rig.Api.Feed.HoldBack();
        _rig.PutState("dns", new KhStateSpec { AuthoritativePod = "other-replica" });
        var seen = new List<string>();

        var written = await _rig.States.UpdateAsync(Dns, spec => { seen.Add(spec.AuthoritativePod); spec.Node = "mine"; return true; }, createIfMissing: true, default);

        Assert.Equal(["", "other-replica"], seen);
        Assert.Equal((1, 1, 1), (Posts, Gets, Puts));
        Assert.Equal(("mine", "other-replica"), (written!.Spec.Node, written.Spec.AuthoritativePod));
    }

    [Fact]
    public async Task UpdateAsync_ConflictEveryTime_GivesUpAfterTheAttemptLimit()
    {
        _rig.PutState("dns", new KhStateSpec());
        _rig.Api.Faults.Fail(409, FaultInjector.Always, r => r.Is("PUT", "khstates"), reason: "Conflict");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _rig.States.UpdateAsync(Dns, _ => true, createIfMissing: false, default));

        Assert.True(error.IsConflict());
        Assert.Equal(KhStateStore.MaxAttempts, Puts);
        Assert.Equal(KhStateStore.MaxAttempts - 1, Gets);
    }

    [Fact]
    public async Task UpdateAsync_ConnectionDropped_TheTransportErrorPropagatesWithoutARetry()
    {
        _rig.PutState("dns", new KhStateSpec());
        _rig.Api.Faults.Abort(when: r => r.Is("PUT", "khstates"));

        await Assert.ThrowsAsync<HttpRequestException>(() => _rig.States.UpdateAsync(Dns, _ => true, createIfMissing: false, default));

        Assert.Equal((1, 0), (Puts, Gets));
    }

    [Fact]
    public async Task UpdateAsync_ServerError_PropagatesWithoutARetry()
    {
        _rig.PutState("dns", new KhStateSpec());
        _rig.Api.Faults.Fail(500, when: r => r.Is("PUT", "khstates"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _rig.States.UpdateAsync(Dns, _ => true, createIfMissing: false, default));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.ApiStatusCode());
        Assert.Equal((1, 0), (Puts, Gets));
    }

    [Fact]
    public async Task ReadFreshAsync_CacheBehind_ReturnsTheApiCopyAndRemembersIt()
    {
        _rig.PutState("dns", new KhStateSpec());
        _rig.Api.Feed.HoldBack();
        _rig.UpdateState("dns", spec => spec.Uuid = "run-2");

        var fresh = await _rig.States.ReadFreshAsync(Dns, default);

        Assert.Equal("run-2", fresh?.Spec.Uuid);
        Assert.Equal("run-2", _rig.Caches.States.Get(ApiRig.Ns, "dns")?.Spec.Uuid);
        Assert.Equal(1, Gets);
    }
}
