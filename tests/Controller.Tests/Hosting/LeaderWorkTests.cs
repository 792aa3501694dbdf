using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.TestKit.FakeKubeApi;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Hosting;

/// <summary>One term's work: it waits for the caches, then runs the loop and the Events until the term ends.</summary>
public sealed class LeaderWorkTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _process = new();
    private ApiRig _rig = null!;

    public async Task InitializeAsync() => _rig = await ApiRig.StartAsync(Options() with { CacheSyncTimeout = TimeSpan.FromSeconds(10) });

    public async Task DisposeAsync()
    {
        await _process.CancelAsync();
        await _rig.DisposeAsync();
        _process.Dispose();
    }

    [Fact]
    public async Task RunAsync_CachesNeverSync_EndsTheTermWithAnErrorNamingTheCacheAndItsLastError()
    {
        _rig.Api.Faults.Fail(500, FaultInjector.Always, r => r.IsList && r.Address?.Plural == "khchecks", "etcdserver: request timed out");
        var caches = LeaderParts.WatchedCaches(_rig);
        var watching = caches.RunAsync(_process.Token);
        var parts = new LeaderParts(_rig, caches);
        await Clock.UntilAsync(() => caches.SyncProblem().Contains("500", StringComparison.Ordinal), "the first failed list");
        // The others list over real HTTP: on a busy machine one could still be listing when the clock passes the sync timeout.
        await Clock.UntilAsync(() => caches.Jobs.IsSynced && caches.States.IsSynced && caches.Pods.IsSynced, "the other caches' first lists");
        using var leading = new CancellationTokenSource();

        var work = parts.Work.RunAsync(leading.Token);
        await _rig.Time.AdvanceUntilAsync(() => work.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), "the term's end");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => work);
        Assert.Equal("the watch caches did not sync within 00:00:10: not synced: khchecks (500 InternalError: etcdserver: request timed out)", error.Message);
        Assert.Null(parts.Loop.WorkingSince);
        await _process.CancelAsync();
        await LeaderParts.StoppedAsync(watching);
    }

    [Fact]
    public async Task RunAsync_CachesSynced_WorksUntilTheTermEnds()
    {
        var parts = new LeaderParts(_rig, _rig.Caches);
        using var leading = new CancellationTokenSource();

        var work = parts.Work.RunAsync(leading.Token);
        await Clock.UntilAsync(() => parts.Loop.LastTick is not null, "the loop's first heartbeat");
        await leading.CancelAsync();

        await work.WaitAsync(Bound);
        Assert.Null(parts.Loop.WorkingSince);
    }

    [Fact]
    public async Task RunAsync_CrdsOutdated_NoWorkUntilFit_StopsAgainWhenOutdated()
    {
        var parts = new LeaderParts(_rig, _rig.Caches);
        parts.Schema.Decide(new CrdSchemaProblem([new CrdGap("khstates", CrdGapKind.MissingFields, ["ResultUUID"])]));
        using var leading = new CancellationTokenSource();

        var work = parts.Work.RunAsync(leading.Token);
        await Task.Delay(200);
        Assert.Null(parts.Loop.WorkingSince); // the term holds, its loop does not run
        Assert.Null(parts.Loop.LastTick);
        Assert.False(work.IsCompleted);

        parts.Schema.Decide(null);
        await Clock.UntilAsync(() => parts.Loop.LastTick is not null, "the loop's first heartbeat once fit");
        parts.Schema.Decide(new CrdSchemaProblem([new CrdGap("khchecks", CrdGapKind.MissingFields, ["paused"])]));
        await Clock.UntilAsync(() => parts.Loop.WorkingSince is null, "the loop to stop");
        Assert.False(work.IsCompleted);

        await leading.CancelAsync();
        try
        {
            await work.WaitAsync(Bound); // ends, cancelled or not, as any term's work
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(work.IsCompleted);
    }
}
