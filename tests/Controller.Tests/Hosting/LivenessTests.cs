using HealthChecks.Controller.Tests.Rig;
using HealthChecks.TestKit.FakeKubeApi;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Hosting;

/// <summary>What /healthz answers, from the leadership and the control loop's heartbeat.</summary>
public sealed class LivenessTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private ApiRig _rig = null!;
    private LeaderParts _parts = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _rig.Api.Faults.Clear();
        await _parts.Leadership.StopAsync(CancellationToken.None).WaitAsync(Bound);
        await _rig.DisposeAsync();
    }

    private async Task StartAsync(bool standalone, int workers = 8)
    {
        _rig = await ApiRig.StartAsync(Options() with { Standalone = standalone, Workers = workers });
        _parts = new LeaderParts(_rig, _rig.Caches);
    }

    [Fact]
    public async Task Problem_Follower_Alive()
    {
        await StartAsync(standalone: false);

        _rig.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(_parts.Leadership.IsLeader);
        Assert.Null(_parts.Liveness.Problem());
    }

    [Fact]
    public async Task Problem_LeaderWithAFreshHeartbeat_Alive()
    {
        await StartAsync(standalone: true);
        await _parts.Leadership.StartAsync(CancellationToken.None);
        await Clock.UntilAsync(() => _parts.Loop.LastTick is not null, "the first heartbeat");

        await _rig.Time.AdvanceInStepsAsync(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(5));

        Assert.True(_parts.Leadership.IsLeader);
        Assert.Null(_parts.Liveness.Problem());
    }

    [Fact]
    public async Task Problem_LeaderWhoseOnlyWorkerHangsInTheApi_NotAliveAndSaysWhy()
    {
        await StartAsync(standalone: true, workers: 1);
        var hang = _rig.Api.Faults.Hang(FaultInjector.Always, r => r.Is("POST", "khstates"));
        _rig.PutCheck(Check("dns", ApiRig.Ns)); // worked before the first heartbeat, and hangs
        await _parts.Leadership.StartAsync(CancellationToken.None);
        await hang.WaitForWaitingAsync();

        _rig.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(_parts.Liveness.Problem()); // at the bound
        _rig.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("this replica leads but its control loop has not ticked for 61 s (bound 60 s): its work is stuck", _parts.Liveness.Problem());
    }
}
