using System.Diagnostics;
using HealthChecks.Kube.Leadership;
using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.Kube.IntegrationTests;

[Collection(ControlPlaneGroup.Name)]
public sealed class LeaderElectionTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task TwoElectors_DefaultTimings_ExactlyOneLeadsAndTheOtherTakesOverWhenRenewalsStop()
    {
        await using var ns = await fixture.CreateNamespaceAsync("lease");
        // The leader "crashes": it stops renewing and does not release the lease.
        await using var a = Candidate.Start(fixture.Client, ns.Name, "a", releaseOnCancel: false);
        await Eventually.TrueAsync(() => Task.FromResult(a.Elector.IsLeader), TimeSpan.FromSeconds(10), "a to lead");
        await using var b = Candidate.Start(fixture.Client, ns.Name, "b", releaseOnCancel: false);
        await Eventually.TrueAsync(() => Task.FromResult(b.Elector.CurrentLeader == "a"), TimeSpan.FromSeconds(10), "b to see a as leader");

        // While a renews, b never leads (a few renew periods).
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.True(a.Elector.IsLeader ^ b.Elector.IsLeader, "exactly one leader");
            Assert.False(b.Elector.IsLeader);
        }

        var stopped = Stopwatch.StartNew();
        await a.StopAsync();
        await Eventually.TrueAsync(() => Task.FromResult(b.Elector.IsLeader), TimeSpan.FromSeconds(25), "b to take over");
        // Lease duration (15 s) + retry period (2 s, jittered up to 20 %), measured from the last renewal.
        Assert.InRange(stopped.Elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15 + (2 * 1.2) + 1));
        Assert.Equal(1, b.StartedCount);
        Assert.Equal("b", b.Elector.CurrentLeader);

        var lease = await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("test-leader", ns.Name);
        Assert.Equal("b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);
        Assert.NotNull(lease.Spec.RenewTime);
    }

    [Fact]
    public async Task CleanShutdown_ReleasesTheLease_StandbyTakesOverInAboutOneRetryPeriod()
    {
        await using var ns = await fixture.CreateNamespaceAsync("release");
        await using var a = Candidate.Start(fixture.Client, ns.Name, "a", releaseOnCancel: true);
        await Eventually.TrueAsync(() => Task.FromResult(a.Elector.IsLeader), TimeSpan.FromSeconds(10), "a to lead");
        await using var b = Candidate.Start(fixture.Client, ns.Name, "b", releaseOnCancel: true);
        await Eventually.TrueAsync(() => Task.FromResult(b.Elector.CurrentLeader == "a"), TimeSpan.FromSeconds(10), "b to see a as leader");

        var stopped = Stopwatch.StartNew();
        await a.StopAsync();
        Assert.Equal(1, a.StoppedCount);
        await Eventually.TrueAsync(() => Task.FromResult(b.Elector.IsLeader), TimeSpan.FromSeconds(10), "b to take over");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2 * 1.2 + 1.5), $"handover took {stopped.Elapsed}");

        // a's release went through the API: the record b took over from had no holder.
        var lease = await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("test-leader", ns.Name);
        Assert.Equal(("b", 1), (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions));
    }

    /// <summary>A candidate running <see cref="LeaderElector.RunAsync"/> in the background.</summary>
    private sealed class Candidate : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;
        private int _started;
        private int _stoppedCount;

        private Candidate(LeaderElector elector) => Elector = elector;

        public LeaderElector Elector { get; }

        public int StartedCount => Volatile.Read(ref _started);

        public int StoppedCount => Volatile.Read(ref _stoppedCount);

        public static Candidate Start(Kubernetes client, string @namespace, string identity, bool releaseOnCancel)
        {
            var options = new LeaderElectionOptions { LeaseName = "test-leader", LeaseNamespace = @namespace, Identity = identity, ReleaseOnCancel = releaseOnCancel };
            var candidate = new Candidate(new LeaderElector(new LeaseLock(client, @namespace, "test-leader"), options));
            candidate.Elector.StartedLeading += () => Interlocked.Increment(ref candidate._started);
            candidate.Elector.StoppedLeading += () => Interlocked.Increment(ref candidate._stoppedCount);
            candidate._run = candidate.Elector.RunAsync(WaitForTheEnd, candidate._stop.Token);
            return candidate;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }

    // A term's work that runs until the term ends.
    private static async Task WaitForTheEnd(CancellationToken leading)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, leading);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
