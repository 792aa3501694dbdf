using System.Net;
using System.Text;
using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.Faults.Tests;

/// <summary>
/// Each fault, one after another, against the same two replicas and checks (docs/reliability.md):
/// every test starts from the steady state, breaks something, restores it in <c>finally</c>, and
/// then measures: time to recover, runs lost, runs doubled, replicas that exited by themselves.
/// </summary>
[Collection(FaultsGroup.Name)]
[TestCaseOrderer(FaultOrder.TypeName, FaultOrder.AssemblyName)]
public sealed class FaultTests(FaultSuite suite)
{
    [Fact]
    public async Task F1_ApiServerStopped45Seconds()
    {
        var window = await suite.SteadyAsync("1. API server killed, started again 45 s later");
        window.Started();
        await suite.Cluster.StopAsync("apiserver", kill: true);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(45));
        }
        finally
        {
            await suite.Cluster.StartAsync("apiserver"); // returns once /readyz answers 200

            // The scheduler backs off too (client-go's reflector: up to 30 s, with full jitter up
            // to 60 s), and until it watches again checker pods stay unbound: one run measured the
            // scheduler (44 s), not the controller. Started afresh it lists at once, as it would
            // after its own restart; the fault ends when both are back.
            await suite.Cluster.StopAsync("scheduler");
            await suite.Cluster.StartAsync("scheduler");
            window.Ended();
        }

        suite.AssertKept(await suite.MeasureAsync(window));
    }

    [Fact]
    public async Task F2_ApiServerFrozenThreeTimes()
    {
        var window = await suite.SteadyAsync("2. API server frozen (SIGSTOP) 8 s, three times, 4 s apart");
        window.Started();
        try
        {
            for (var freeze = 1; freeze <= 3; freeze++)
            {
                await suite.Cluster.SignalAsync("apiserver", "STOP");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(8));
                }
                finally
                {
                    await suite.Cluster.SignalAsync("apiserver", "CONT");
                }

                if (freeze < 3)
                {
                    await Task.Delay(TimeSpan.FromSeconds(4));
                }
            }
        }
        finally
        {
            window.Ended();
        }

        suite.AssertKept(await suite.MeasureAsync(window));
    }

    [Fact]
    public async Task F3_EtcdRestarted()
    {
        var window = await suite.SteadyAsync("3. etcd restarted");
        window.Started();
        await suite.Cluster.StopAsync("etcd");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await suite.Cluster.StartAsync("etcd");

            // Over when the API server reads through to etcd again.
            await Eventually.TrueAsync(async () => (await suite.Client.CoreV1.ListNamespacedPodAsync(suite.Namespace, limit: 1)) is not null, TimeSpan.FromSeconds(60), "the API server to read from etcd again");
            window.Ended();
        }

        suite.AssertKept(await suite.MeasureAsync(window));
    }

    [Fact]
    public async Task F4a_FollowerCutOffFromTheApi()
    {
        var leader = await suite.LeaderAsync();
        var follower = suite.Other(leader);
        var window = await suite.SteadyAsync($"4a. follower ({follower.Identity}) cut off from the API (blackhole) 60 s");
        window.Started();
        follower.ApiProxy.SetMode(ProxyMode.Blackhole);
        string? holder;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(60));
            holder = await suite.LeaseHolderAsync();
        }
        finally
        {
            follower.ApiProxy.SetMode(ProxyMode.Pass);
            window.Ended();
        }

        var figures = await suite.MeasureAsync(window);
        Assert.Equal(leader.Identity, holder);
        suite.AssertKept(figures);
    }

    [Fact]
    public async Task F4b_LeaderCutOffFromTheApi()
    {
        var leader = await suite.LeaderAsync();
        var follower = suite.Other(leader);
        var window = await suite.SteadyAsync($"4b. leader ({leader.Identity}) cut off from the API (blackhole) 60 s");
        window.Started();
        leader.ApiProxy.SetMode(ProxyMode.Blackhole);
        try
        {
            var took = await suite.HeldByAsync(follower, TimeSpan.FromSeconds(50));
            window.Note($"{follower.Identity} held the Lease {FaultReport.Seconds(took - window.FaultStarted!.Value)} after the cut");
            var rest = window.FaultStarted.Value + TimeSpan.FromSeconds(60) - DateTimeOffset.UtcNow;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }
        finally
        {
            leader.ApiProxy.SetMode(ProxyMode.Pass);
            window.Ended();
        }

        var figures = await suite.MeasureAsync(window);
        Assert.Contains("lost the lease", leader.Output, StringComparison.Ordinal);
        suite.AssertKept(figures);
    }

    [Fact]
    public async Task F5_LeaderKilledMidRun()
    {
        var leader = await suite.LeaderAsync();
        var other = suite.Other(leader);
        var window = await suite.SteadyAsync($"5. leader ({leader.Identity}) SIGKILLed while a run is in flight");
        var since = DateTimeOffset.UtcNow;
        await suite.RunNowAsync(leader, FaultChecks.Gated);
        var run = await suite.RunningRunAsync(FaultChecks.Gated, since, TimeSpan.FromSeconds(60));
        window.Started();
        try
        {
            await leader.KillAsync();
            window.Ended();
            var took = await suite.HeldByAsync(other, TimeSpan.FromSeconds(45));
            window.Note($"{other.Identity} held the Lease {FaultReport.Seconds(took - window.FaultStarted!.Value)} after the kill");

            // The new leader adopts the run: it follows the pod that runs, starts no other.
            await Task.Delay(TimeSpan.FromSeconds(3));
            suite.OpenGate(run.Uuid);
            await Eventually.TrueAsync(() => Task.FromResult(suite.Observer.Run(run.Uuid)?.SeenResult is not null), TimeSpan.FromSeconds(40), $"a result for the adopted run {run.Uuid}");
            var ended = suite.Observer.Run(run.Uuid)!;
            window.Note($"adopted run ended {(ended.Ok ? "OK" : ended.Reason)} {FaultReport.Seconds(ended.SeenResult!.Value - window.FaultStarted.Value)} after the kill");
            Assert.True(ended.Ok, $"the adopted run ended {ended.Reason}: {ended.Errors}");
            Assert.Single(suite.Observer.PodsOf(run.Uuid));
            Assert.Equal([run.Uuid], suite.Observer.RunsOf(FaultChecks.Gated, since).Select(r => r.Uuid));
        }
        finally
        {
            window.Ended();
            await leader.StartAsync();
        }

        suite.AssertKept(await suite.MeasureAsync(window));
    }

    [Fact]
    public async Task F6_LeaderTerminatedHandsOver()
    {
        var leader = await suite.LeaderAsync();
        var other = suite.Other(leader);
        var window = await suite.SteadyAsync($"6. leader ({leader.Identity}) SIGTERMed");
        int exitCode;
        TimeSpan handOver;
        window.Started();
        try
        {
            var terminated = leader.TerminateAsync(TimeSpan.FromSeconds(45));
            var held = await suite.HeldByAsync(other, TimeSpan.FromSeconds(30));
            handOver = held - window.FaultStarted!.Value;
            exitCode = await terminated;
            window.Ended();
            window.Note($"hand-over {FaultReport.Seconds(handOver)} (SIGTERM to {other.Identity} holding the Lease); exit code {exitCode}");
        }
        finally
        {
            window.Ended();
            await leader.StartAsync();
        }

        var figures = await suite.MeasureAsync(window);
        Assert.True(exitCode == 0, $"{leader.Identity} exited with {exitCode}");
        Assert.True(handOver <= FaultSuite.RetryPeriod * 1.2 + TimeSpan.FromSeconds(3), $"hand-over took {handOver}");
        suite.AssertKept(figures);
    }

    [Fact]
    public async Task F7_ReportToALaggingFollowerIsStored()
    {
        var leader = await suite.LeaderAsync();
        var follower = suite.Other(leader);
        var window = await suite.SteadyAsync($"7. report sent to the follower ({follower.Identity}) while its watches lag");
        window.Started();
        follower.ApiProxy.SetMode(ProxyMode.Pause);
        try
        {
            var since = DateTimeOffset.UtcNow;
            await suite.RunNowAsync(leader, FaultChecks.Gated);
            var run = await suite.RunningRunAsync(FaultChecks.Gated, since, TimeSpan.FromSeconds(60));

            // Playing the checker: the report reaches the follower before anything of this run has.
            var report = PostReportAsync(follower, run.Uuid);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var answeredWhilePaused = report.IsCompleted;
            follower.ApiProxy.SetMode(ProxyMode.Pass);
            window.Ended();
            var (status, body, tries) = await report;
            window.Note($"the follower answered {status} {FaultReport.Seconds(DateTimeOffset.UtcNow - window.FaultEnded!.Value)} after its watches resumed ({tries} {(tries == 1 ? "try" : "tries")})");
            Assert.False(answeredWhilePaused, $"the follower answered {status} ({body}) without asking the API server");
            Assert.True(status == HttpStatusCode.OK, $"the follower answered {(int)status}: {body}");
            await Eventually.TrueAsync(() => Task.FromResult(suite.Observer.Run(run.Uuid)?.SeenResult is not null), TimeSpan.FromSeconds(20), $"the result of run {run.Uuid}");
            Assert.True(suite.Observer.Run(run.Uuid)!.Ok);
            suite.OpenGate(run.Uuid); // the checker's own report now comes second and is refused; it exits
        }
        finally
        {
            follower.ApiProxy.SetMode(ProxyMode.Pass);
            window.Ended();
        }

        suite.AssertKept(await suite.MeasureAsync(window));
    }

    [Fact]
    public async Task F8a_LeaseDeletedByHand()
    {
        var window = await suite.SteadyAsync("8a. the Lease deleted by hand");
        window.Started();
        await suite.Client.CoordinationV1.DeleteNamespacedLeaseAsync(FaultSuite.LeaseName, suite.Namespace);
        window.Ended();
        var leader = await suite.LeaderAsync(TimeSpan.FromSeconds(30));
        window.Note($"{leader.Identity} held a new Lease {FaultReport.Seconds(DateTimeOffset.UtcNow - window.FaultEnded!.Value)} later");
        suite.AssertKept(await suite.MeasureAsync(window));
    }

    [Fact]
    public async Task F8b_KhStateEditedByHandMidRun()
    {
        var window = await suite.SteadyAsync("8b. khstate edited by hand mid-run: RunDeadline moved to the past, then uuid replaced");
        window.Started();
        try
        {
            // A run whose deadline an operator moved to the past ends at once as timed out, and its pod goes.
            var since = DateTimeOffset.UtcNow;
            await suite.RunNowAsync(await suite.LeaderAsync(), FaultChecks.Gated);
            var first = await suite.RunningRunAsync(FaultChecks.Gated, since, TimeSpan.FromSeconds(60));
            var edited = DateTimeOffset.UtcNow;
            await suite.EditStateAsync(FaultChecks.Gated, spec => spec.RunDeadline = edited - TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(() => Task.FromResult(suite.Observer.Run(first.Uuid)?.SeenResult is not null), TimeSpan.FromSeconds(30), $"a result for run {first.Uuid} past its moved deadline");
            var firstEnd = suite.Observer.Run(first.Uuid)!;
            window.Note($"deadline moved: run ended {firstEnd.Reason ?? "OK"} {FaultReport.Seconds(firstEnd.SeenResult!.Value - edited)} after the edit");
            Assert.Equal("Timeout", firstEnd.Reason);
            await Eventually.TrueAsync(() => Task.FromResult(suite.Observer.PodsOf(first.Uuid).All(p => p.SeenDeleted is not null)), TimeSpan.FromSeconds(40), $"the pod of run {first.Uuid} to be deleted");

            // A run whose uuid an operator replaced: the old run's report is refused, the run the
            // khstate now names ends with a result, and no other run starts.
            since = DateTimeOffset.UtcNow;
            await suite.RunNowAsync(await suite.LeaderAsync(), FaultChecks.Gated);
            var second = await suite.RunningRunAsync(FaultChecks.Gated, since, TimeSpan.FromSeconds(60));
            var replacement = Guid.NewGuid().ToString();
            suite.Observer.Excuse(second.Uuid);
            edited = DateTimeOffset.UtcNow;
            await suite.EditStateAsync(FaultChecks.Gated, spec => spec.Uuid = replacement);
            suite.OpenGate(second.Uuid);
            await Eventually.TrueAsync(() => Task.FromResult(suite.Observer.Run(replacement)?.SeenResult is not null), TimeSpan.FromSeconds(70), $"a result for the replacing run {replacement}");
            var secondEnd = suite.Observer.Run(replacement)!;
            window.Note($"uuid replaced: the replacing run ended {secondEnd.Reason ?? "OK"} {FaultReport.Seconds(secondEnd.SeenResult!.Value - edited)} after the edit");
            Assert.Equal([second.Uuid, replacement], suite.Observer.RunsOf(FaultChecks.Gated, since).Select(r => r.Uuid));
            Assert.Single(suite.Observer.PodsOf(second.Uuid));
        }
        finally
        {
            window.Ended();
        }

        suite.AssertKept(await suite.MeasureAsync(window));
    }

    // As a checker does: a 503 (the replica has not seen the run yet) is tried again, a few times.
    private static async Task<(HttpStatusCode Status, string Body, int Tries)> PostReportAsync(Replica replica, string runUuid)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        for (var tries = 1; ; tries++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(replica.Url + "/check"))
            {
                Content = new StringContent("""{"OK":true,"Errors":[]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("kh-run-uuid", runUuid);
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || tries == 10)
            {
                return (response.StatusCode, await response.Content.ReadAsStringAsync(), tries);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
