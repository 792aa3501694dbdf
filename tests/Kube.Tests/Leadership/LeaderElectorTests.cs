using HealthChecks.Kube.Leadership;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Leadership;

public class LeaderElectorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithTheRule()
    {
        var options = Candidate.FastOptions("a") with { RetryPeriod = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => new LeaderElector(new InMemoryLeaseLock(new LeaseStore()), options));

        Assert.Contains("RetryPeriod (00:00:00) must be greater than zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SingleCandidate_LeadsAndRaisesCallbacks()
    {
        var store = new LeaseStore();
        await using var a = new Candidate(store, Candidate.SteadyOptions("a"));

        a.Start();
        await a.Started.Task.WaitAsync(Timeout);

        Assert.True(a.Elector.IsLeader);
        Assert.Equal("a", a.Elector.CurrentLeader);
        Assert.Equal(["a"], a.NewLeaders);
        var record = store.Current;
        Assert.Equal(("a", 30, 0), (record?.HolderIdentity, record?.LeaseDurationSeconds, record?.LeaseTransitions));
        Assert.False(a.LeadingToken.IsCancellationRequested);

        await a.StopAsync();

        Assert.True(a.Stopped.Task.IsCompleted);
        Assert.True(a.LeadingToken.IsCancellationRequested);
        Assert.False(a.Elector.IsLeader);
    }

    [Fact]
    public async Task RunAsync_TwoCandidates_ExactlyOneLeads()
    {
        var store = new LeaseStore();
        await using var a = new Candidate(store, Candidate.SteadyOptions("a"));
        await using var b = new Candidate(store, Candidate.SteadyOptions("b"));

        a.Start();
        b.Start();
        var first = await Task.WhenAny(a.Started.Task, b.Started.Task).WaitAsync(Timeout);
        var (leader, follower) = first == a.Started.Task ? (a, b) : (b, a);
        var reads = follower.Lock.Reads;
        await Eventually.TrueAsync(() => Task.FromResult(follower.Lock.Reads >= reads + 3), Timeout, "three more attempts by the follower");

        Assert.Equal((true, 1), (leader.Elector.IsLeader, leader.StartedCount));
        Assert.Equal((false, 0), (follower.Elector.IsLeader, follower.StartedCount));
        Assert.Equal(leader.Identity, follower.Elector.CurrentLeader);
        Assert.Equal([leader.Identity], follower.NewLeaders);
        Assert.Equal(leader.Identity, store.Current?.HolderIdentity);
    }

    [Fact]
    public async Task RunAsync_LeaderCancelledWithReleaseOnCancel_ReleasesAndOtherTakesOver()
    {
        var store = new LeaseStore();
        await using var a = new Candidate(store, Candidate.SteadyOptions("a") with { ReleaseOnCancel = true });
        await using var b = new Candidate(store, Candidate.SteadyOptions("b"));
        a.Start();
        await a.Started.Task.WaitAsync(Timeout);
        b.Start();
        await Eventually.TrueAsync(() => Task.FromResult(b.Elector.CurrentLeader == "a"), Timeout, "b to see a leading");

        await a.StopAsync();
        await b.Started.Task.WaitAsync(Timeout); // well before the 30 s lease could expire

        var history = store.History.ToList();
        var takeover = history.FindIndex(r => r.HolderIdentity == "b");
        var released = history[takeover - 1];
        Assert.Equal((null, 1), (released.HolderIdentity, released.LeaseDurationSeconds));
        Assert.Equal(released.LeaseTransitions + 1, history[takeover].LeaseTransitions);
        Assert.True(a.Stopped.Task.IsCompleted);
        Assert.Equal(["a", "b"], b.NewLeaders);
    }

    [Fact]
    public async Task RunAsync_LeaderCancelledWithoutRelease_OtherTakesOverOnlyAfterExpiry()
    {
        var store = new LeaseStore();
        await using var a = new Candidate(store, Candidate.FastOptions("a") with { ReleaseOnCancel = false });
        await using var b = new Candidate(store, Candidate.FastOptions("b"));
        a.Start();
        await a.Started.Task.WaitAsync(Timeout);
        b.Start();

        await a.StopAsync();
        await b.Started.Task.WaitAsync(Timeout);

        // b may take over only once a's last record went unrenewed for its whole 1 s lease.
        var history = store.History.ToList();
        var takeover = history.FindIndex(r => r.HolderIdentity == "b");
        var last = history[takeover - 1];
        Assert.Equal(("a", 1), (last.HolderIdentity, last.LeaseDurationSeconds));
        Assert.True(history[takeover].AcquireTime - last.RenewTime >= TimeSpan.FromSeconds(1), $"a renewed at {last.RenewTime:O}, b took over at {history[takeover].AcquireTime:O}");
        Assert.Equal(last.LeaseTransitions + 1, history[takeover].LeaseTransitions);
    }

    [Fact]
    public async Task RunAsync_LockFailsWhileLeading_StepsDownAfterRenewDeadline()
    {
        await using var a = new Candidate(new LeaseStore(), Candidate.FastOptions("a"));
        a.Start();
        await a.Started.Task.WaitAsync(Timeout);

        a.Lock.Failing = true;
        await a.Stopped.Task.WaitAsync(Timeout);

        // Measured from the last renewal that got through, not from when the failures began.
        Assert.True(a.StoppedAt - a.Lock.LastWriteAt >= TimeSpan.FromMilliseconds(400), $"stepped down {a.StoppedAt - a.Lock.LastWriteAt} after the last renewal");
        Assert.False(a.Elector.IsLeader);
        Assert.True(a.LeadingToken.IsCancellationRequested);
        Assert.True(a.IsRunning, "a candidate that lost the lease keeps competing");
    }

    [Fact]
    public async Task RunAsync_WorkFailsWhileLeading_HandsTheLeaseBackAndCompetesAgain()
    {
        var store = new LeaseStore();
        await using var a = new Candidate(store, Candidate.SteadyOptions("a"));
        await using var b = new Candidate(store, Candidate.SteadyOptions("b"));
        var failed = false;
        a.Work = async token =>
        {
            if (!failed)
            {
                failed = true;
                await Task.Delay(50, token);
                throw new InvalidOperationException("the term's work broke");
            }

            await Task.Delay(System.Threading.Timeout.Infinite, token);
        };
        a.Start();
        await a.Started.Task.WaitAsync(Timeout);
        b.Start();

        await b.Started.Task.WaitAsync(Timeout); // well before the 30 s lease could expire: a released it

        var history = store.History.ToList();
        var takeover = history.FindIndex(r => r.HolderIdentity == "b");
        Assert.Equal((null, 1), (history[takeover - 1].HolderIdentity, history[takeover - 1].LeaseDurationSeconds));
        Assert.False(a.Elector.IsLeader);
        Assert.True(a.IsRunning, "a candidate whose work failed keeps competing");
    }

    [Fact]
    public async Task RunAsync_Stopped_ReleasesTheLeaseOnlyAfterTheWorkHasStopped()
    {
        var store = new LeaseStore();
        await using var a = new Candidate(store, Candidate.SteadyOptions("a"));
        var workStopped = DateTimeOffset.MaxValue;
        a.Work = async token =>
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                await Task.Delay(300, CancellationToken.None); // winding down: in-flight API calls end
                workStopped = TimeProvider.System.GetUtcNow();
            }
        };
        a.Start();
        await a.Started.Task.WaitAsync(Timeout);

        await a.StopAsync();

        Assert.Null(store.Current?.HolderIdentity);
        Assert.True(a.Lock.LastWriteAt >= workStopped, $"released at {a.Lock.LastWriteAt:O}, the work stopped at {workStopped:O}");
    }

    [Fact]
    public async Task RunAsync_WorkThatDoesNotStop_EndsWithStuckAndKeepsTheLease()
    {
        var store = new LeaseStore();
        await using var a = new Candidate(store, Candidate.FastOptions("a") with { WorkStopTimeout = TimeSpan.FromMilliseconds(200) });
        a.Work = _ => Task.Delay(System.Threading.Timeout.Infinite, CancellationToken.None); // ignores the end of its term
        a.Start();
        await a.Started.Task.WaitAsync(Timeout);
        a.Lock.Failing = true; // loses the lease: the term ends, its work does not

        var error = await Assert.ThrowsAsync<LeaderWorkStuckException>(() => a.Run!.WaitAsync(Timeout));

        Assert.Contains("did not stop", error.Message, StringComparison.Ordinal);
        Assert.False(a.Elector.IsLeader);
        Assert.Equal(1, a.StartedCount); // it must not lead again
    }

    [Fact]
    public async Task RunAsync_LockRecoversAfterSteppingDown_LeadsAgain()
    {
        await using var a = new Candidate(new LeaseStore(), Candidate.FastOptions("a"));
        a.Start();
        await a.Started.Task.WaitAsync(Timeout);
        a.Lock.Failing = true;
        await a.Stopped.Task.WaitAsync(Timeout);

        a.Lock.Failing = false;
        await Eventually.TrueAsync(() => Task.FromResult(a.StartedCount == 2), Timeout, "a to lead again");

        Assert.True(a.Elector.IsLeader);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_NoLease_CreatesIt()
    {
        var time = new ManualTimeProvider();
        var store = new LeaseStore();
        var elector = new LeaderElector(new InMemoryLeaseLock(store), Candidate.FastOptions("a"), time);

        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        var now = time.GetUtcNow();
        Assert.Equal(new LeaderElectionRecord("a", 1, now, now, 0), store.Current);
        Assert.Equal("a", elector.CurrentLeader);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_HeldByOther_WaitsLeaseDurationFromFirstObservation()
    {
        var time = new ManualTimeProvider();
        var store = new LeaseStore();
        store.Overwrite(new LeaderElectionRecord("other", 15, time.GetUtcNow(), time.GetUtcNow(), 4));
        var elector = new LeaderElector(new InMemoryLeaseLock(store), Candidate.FastOptions("a"), time);

        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        Assert.Equal(("a", 5), (store.Current?.HolderIdentity, store.Current?.LeaseTransitions));
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_HolderRenewsMeanwhile_ExpiryCountsFromTheRenewal()
    {
        var time = new ManualTimeProvider();
        var store = new LeaseStore();
        var start = time.GetUtcNow();
        store.Overwrite(new LeaderElectionRecord("other", 15, start, start, 0));
        var elector = new LeaderElector(new InMemoryLeaseLock(store), Candidate.FastOptions("a"), time);
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(10));
        store.Overwrite(new LeaderElectionRecord("other", 15, start, time.GetUtcNow(), 0));
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal("other", elector.CurrentLeader);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_RecordChangedBetweenReadAndUpdate_ReturnsFalse()
    {
        var time = new ManualTimeProvider();
        var store = new LeaseStore();
        var start = time.GetUtcNow();
        store.Overwrite(new LeaderElectionRecord("other", 15, start, start, 0));
        var leaseLock = new InMemoryLeaseLock(store);
        var elector = new LeaderElector(leaseLock, Candidate.FastOptions("a"), time);
        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(16));

        leaseLock.BeforeUpdate = () => store.Overwrite(new LeaderElectionRecord("other", 15, start, time.GetUtcNow(), 0));

        Assert.False(await elector.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.Equal("other", store.Current?.HolderIdentity);
    }
}
