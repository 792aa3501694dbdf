using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit.FakeKubeApi;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Hosting;

/// <summary>Terms won through a Lease in the fake API; work that fails (caches that never sync) hands the Lease back.</summary>
public sealed class LeadershipServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _process = new();
    private readonly int _exitCode = Environment.ExitCode;
    private ApiRig _rig = null!;
    private LeaderParts _parts = null!;
    private Task _watching = Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _parts.Leadership.StopAsync(CancellationToken.None).WaitAsync(Bound);
        await _process.CancelAsync();
        await LeaderParts.StoppedAsync(_watching);
        await _rig.DisposeAsync();
        _process.Dispose();
        Environment.ExitCode = _exitCode;
    }

    private static ControllerOptions Settings(bool standalone = false, int maxTermFailures = 3) => Options() with
    {
        Standalone = standalone,
        CacheSyncTimeout = TimeSpan.FromSeconds(10),
        MaxTermFailures = maxTermFailures,
        TermFailureWindow = TimeSpan.FromMinutes(10),
    };

    /// <summary>The service on its own rig; with <paramref name="syncing"/> false its caches' lists always fail.</summary>
    private async Task StartAsync(ControllerOptions options, bool syncing)
    {
        _rig = await ApiRig.StartAsync(options);
        var caches = _rig.Caches;
        if (!syncing)
        {
            _rig.Api.Faults.Fail(500, FaultInjector.Always, r => r.IsList);
            caches = LeaderParts.WatchedCaches(_rig);
            _watching = caches.RunAsync(_process.Token);
        }

        _parts = new LeaderParts(_rig, caches);
        await _parts.Leadership.StartAsync(CancellationToken.None);
    }

    private V1LeaseSpec? Lease() => _rig.Api.Get<V1Lease>(BuiltInKinds.Leases, "kuberhealthy", "healthchecks-controller")?.Spec;

    [Fact]
    public async Task ExecuteAsync_TermWhoseWorkFails_HandsTheLeaseBackAndCampaignsAgain()
    {
        await StartAsync(Settings(), syncing: false);
        await Clock.UntilAsync(() => _parts.Leadership.IsLeader, "the first term");
        Assert.Equal("controller-0", Lease()?.HolderIdentity);

        await _rig.Time.AdvanceUntilAsync(() => _parts.Leadership.RecentTermFailures == 1 && Lease()?.HolderIdentity == "", Second, TimeSpan.FromSeconds(20), "the Lease handed back");

        Assert.False(_parts.Leadership.IsLeader);
        Assert.Equal(0, _parts.Lifetime.StopRequests);
        var moved = await _rig.Time.AdvanceUntilAsync(() => _parts.Leadership.IsLeader, Second, TimeSpan.FromSeconds(30), "the next term");
        Assert.True(moved >= _rig.Options.LeaseDuration - Second, $"campaigned again after {moved}: it steps back a lease's length");
    }

    [Fact]
    public async Task ExecuteAsync_ThreeFailedTermsWithinTheWindow_StopsTheApplicationWithExitCode1()
    {
        await StartAsync(Settings(), syncing: false);

        await _rig.Time.AdvanceUntilAsync(() => _parts.Lifetime.StopRequests > 0, Second, TimeSpan.FromMinutes(5), "the stop");

        Assert.Equal(1, Environment.ExitCode);
        Assert.Equal(1, _parts.Lifetime.StopRequests);
        Assert.Equal(3, _parts.Leadership.RecentTermFailures);
    }

    [Fact]
    public async Task IsLeader_AnotherReplicaHoldsTheLease_FollowsUntilTheLeaseExpires()
    {
        var options = Settings();
        _rig = await ApiRig.StartAsync(options);
        _rig.Api.Put(BuiltInKinds.Leases, new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.PodNamespace },
            Spec = new V1LeaseSpec { HolderIdentity = "controller-1", LeaseDurationSeconds = 15, RenewTime = T0.UtcDateTime, AcquireTime = T0.UtcDateTime },
        });
        _parts = new LeaderParts(_rig, _rig.Caches);
        await _parts.Leadership.StartAsync(CancellationToken.None);

        await Clock.UntilAsync(() => _parts.Leadership.CurrentLeader == "controller-1", "the other holder seen");
        Assert.False(_parts.Leadership.IsLeader);
        Assert.Null(_parts.Liveness.Problem());

        var moved = await _rig.Time.AdvanceUntilAsync(() => _parts.Leadership.IsLeader, Second, TimeSpan.FromSeconds(40), "the takeover");

        Assert.True(moved >= options.LeaseDuration, $"took over after {moved}, before the lease expired");
        Assert.Equal("controller-0", _parts.Leadership.CurrentLeader);
        Assert.Equal("controller-0", Lease()?.HolderIdentity);
        await Clock.UntilAsync(() => _parts.Loop.LastTick is not null, "the leader's loop");
    }

    [Fact]
    public async Task StopAsync_WhileLeading_TheWorkStopsAndTheLeaseIsHandedBack()
    {
        await StartAsync(Settings(), syncing: true);
        await Clock.UntilAsync(() => _parts.Loop.LastTick is not null, "the leader's loop");

        await _parts.Leadership.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.False(_parts.Leadership.IsLeader);
        Assert.Null(_parts.Loop.WorkingSince);
        Assert.Equal("", Lease()?.HolderIdentity);
    }

    [Fact]
    public async Task ExecuteAsync_StandaloneWorkFails_StartedAgainWithoutALease()
    {
        await StartAsync(Settings(standalone: true, maxTermFailures: 10), syncing: false);
        await Clock.UntilAsync(() => _parts.Leadership.IsLeader, "the standalone term");

        await _rig.Time.AdvanceUntilAsync(() => _parts.Leadership.RecentTermFailures == 2, Second, TimeSpan.FromMinutes(1), "two failed terms");
        await _rig.Time.AdvanceUntilAsync(() => _parts.Leadership.IsLeader, Second, TimeSpan.FromSeconds(10), "the third term");

        Assert.Equal("controller-0", _parts.Leadership.CurrentLeader);
        Assert.Equal(0, _rig.Count("GET", "leases") + _rig.Count("POST", "leases") + _rig.Count("PUT", "leases"));
        Assert.Equal(0, _parts.Lifetime.StopRequests);
        Assert.Contains("kuberhealthy_leader_terms_total 3", _parts.Scrape.Text(), StringComparison.Ordinal);
    }
}
