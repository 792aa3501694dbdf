using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using HealthChecks.Controller.Hosting;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;
using k8s;

namespace HealthChecks.Faults.Tests;

/// <summary>
/// What every fault runs against: the shared control plane with its node simulator, our CRDs, one
/// namespace with the checks of <see cref="FaultChecks"/>, two controller processes electing a
/// leader on one Lease, each reaching the API server through its own <see cref="TcpFaultProxy"/>,
/// a report "Service" (a proxy spreading checker reports over both replicas, skipping a dead
/// one), the gate the gated checker waits for, and the <see cref="RunObserver"/>.
/// </summary>
public sealed class FaultSuite : IAsyncLifetime
{
    public const string LeaseName = "healthchecks-controller";

    /// <summary>As shipped (ControllerOptions): followers take over this long after the last renewal they saw.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, bool> _openGates = new(StringComparer.Ordinal);
    private TestNamespace? _namespace;
    private LoopbackHttpServer? _gate;
    private TcpFaultProxy? _reports;
    private string _directory = "";

    public ControlPlaneFixture ControlPlane { get; } = new();

    public Kubernetes Client => ControlPlane.Client;

    public LocalCluster Cluster => ControlPlane.Cluster;

    public string Namespace => _namespace!.Name;

    internal Replica A { get; private set; } = null!;

    internal Replica B { get; private set; } = null!;

    internal IReadOnlyList<Replica> Replicas => [A, B];

    internal RunObserver Observer { get; private set; } = null!;

    internal FaultReport Report { get; } = new();

    public async Task InitializeAsync()
    {
        await ControlPlane.InitializeAsync();
        _directory = Directory.CreateTempSubdirectory("hc-faults-").FullName;
        var applier = new ManifestApplier(Client);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "crds"), "*.yaml"))
        {
            await applier.ApplyYamlAsync(await File.ReadAllTextAsync(file));
        }

        await Eventually.TrueAsync(async () => await CrdCheck.FindProblemAsync(Client, CancellationToken.None) is null, TimeSpan.FromSeconds(30), "the CRDs to be served");
        await Eventually.TrueAsync(
            async () => (await Client.CoreV1.ListNodeAsync(labelSelector: "healthchecks.local/simulator")).Items.Any(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true),
            TimeSpan.FromSeconds(30),
            "a Ready node of the node simulator (scripts/local-cluster.sh up starts it)");
        _namespace = await ControlPlane.CreateNamespaceAsync("faults", waitForServiceAccount: true);

        _gate = await LoopbackHttpServer.StartAsync((request, _) => _openGates.ContainsKey(request.Path.TrimStart('/')) ? new CannedResponse(200) : new CannedResponse(404));
        var apiServer = new Uri(Cluster.Environment["APISERVER_URL"]);
        var apiEndPoint = new IPEndPoint(IPAddress.Parse(apiServer.Host), apiServer.Port);
        var adminKubeconfig = await File.ReadAllTextAsync(Cluster.AdminKubeconfig);

        // The replicas' ports are chosen first, so the report Service can point at both from the start.
        var portA = FreePort.Tcp(IPAddress.Loopback);
        var portB = FreePort.Tcp(IPAddress.Loopback);
        _reports = TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, portA), new IPEndPoint(IPAddress.Loopback, portB));
        A = NewReplica("replica-a", portA, apiEndPoint, adminKubeconfig, apiServer);
        B = NewReplica("replica-b", portB, apiEndPoint, adminKubeconfig, apiServer);

        Observer = new RunObserver(Client, Namespace);
        await A.StartAsync();
        await Eventually.TrueAsync(async () => await LeaseHolderAsync() == A.Identity, TimeSpan.FromSeconds(60), "replica-a to take the Lease");
        await B.StartAsync();
        await applier.ApplyYamlAsync(FaultChecks.Manifests(_gate.BaseUri), Namespace);
        Report.Start();
    }

    public async Task DisposeAsync()
    {
        Report.Finish();
        foreach (var replica in new[] { A, B }.Where(r => r is not null))
        {
            FaultReport.KeepLog(replica.Identity, replica.History);
            await replica.DisposeAsync();
        }

        if (Observer is not null)
        {
            FaultReport.KeepLog("runs", string.Join("\n", Observer.Runs.Select(r => r + " pods: " + string.Join(", ", Observer.PodsOf(r.Uuid).Select(p => $"{p.Name} {p.Phase} seen {p.SeenCreated:HH:mm:ss.f}" + (p.SeenDeleted is { } gone ? $" deleted {gone:HH:mm:ss.f}" : ""))))));
            await Observer.DisposeAsync();
        }

        if (_reports is not null)
        {
            await _reports.DisposeAsync();
        }

        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }

        if (_namespace is not null)
        {
            await _namespace.DisposeAsync();
        }

        await ControlPlane.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Lets the gated checker of this run report.</summary>
    public void OpenGate(string runUuid) => _openGates[runUuid] = true;

    /// <summary>The Lease holder as the API server has it (null when there is no Lease or no holder).</summary>
    public async Task<string?> LeaseHolderAsync() =>
        (await Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, Namespace).OrNullIfNotFound())?.Spec?.HolderIdentity is { Length: > 0 } holder ? holder : null;

    internal Replica ReplicaNamed(string identity) => A.Identity == identity ? A : B;

    internal Replica Other(Replica replica) => replica == A ? B : A;

    /// <summary>Waits until one of the replicas holds the Lease, and returns it.</summary>
    internal async Task<Replica> LeaderAsync(TimeSpan? within = null)
    {
        var holder = await Eventually.GetAsync(
            async () => await LeaseHolderAsync() is { } h && (h == A.Identity || h == B.Identity) ? h : null,
            within ?? TimeSpan.FromSeconds(60),
            "a replica to hold the Lease",
            TimeSpan.FromMilliseconds(100));
        return ReplicaNamed(holder);
    }

    /// <summary>Waits until <paramref name="replica"/> holds the Lease; returns when it was first seen holding it.</summary>
    internal async Task<DateTimeOffset> HeldByAsync(Replica replica, TimeSpan within) =>
        await Eventually.GetAsync<DateTimeOffset?>(
            async () => await LeaseHolderAsync() == replica.Identity ? DateTimeOffset.UtcNow : null,
            within,
            $"{replica.Identity} to hold the Lease",
            TimeSpan.FromMilliseconds(100)) ?? DateTimeOffset.UtcNow;

    /// <summary>Asks <paramref name="leader"/> for a run of a check now (<c>POST /api/run</c>).</summary>
    internal async Task RunNowAsync(Replica leader, string check)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{leader.Url}/api/run?namespace={Namespace}&name={check}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Cluster.Environment["ADMIN_TOKEN"]);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/run of {check} on {leader.Identity}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Waits for a run of <paramref name="check"/> begun after <paramref name="since"/> whose pod runs.</summary>
    internal Task<RunRecord> RunningRunAsync(string check, DateTimeOffset since, TimeSpan within) =>
        Eventually.GetAsync(
            () => Task.FromResult(Observer.RunsOf(check, since).FirstOrDefault(r => Observer.PodsOf(r.Uuid).Any(p => p.Phase == "Running"))),
            within,
            $"a run of {check} with a running pod",
            TimeSpan.FromMilliseconds(200));

    /// <summary>Writes a khstate by hand, as an operator with kubectl edit would (again on a conflict).</summary>
    internal async Task EditStateAsync(string check, Action<KhStateSpec> edit)
    {
        var api = new KuberhealthyApi(Client);
        for (var attempt = 1; ; attempt++)
        {
            var state = await api.States.GetAsync(Namespace, check) ?? throw new InvalidOperationException($"no khstate {check}");
            edit(state.Spec);
            try
            {
                await api.States.ReplaceAsync(state);
                return;
            }
            catch (Exception ex) when (ex.IsConflict() && attempt < 10)
            {
            }
        }
    }

    /// <summary>
    /// Restores what a failed test may have left (proxies passing, both processes running) and waits
    /// for the steady state a fault starts from: a replica leads, every periodic check's last run
    /// was OK, and no gated run is in flight.
    /// </summary>
    internal async Task<FaultWindow> SteadyAsync(string name)
    {
        foreach (var replica in Replicas)
        {
            replica.ApiProxy.SetMode(ProxyMode.Pass);
            await replica.EnsureRunningAsync();
        }

        await LeaderAsync(TimeSpan.FromSeconds(60));

        // Each replica talks to the API again (a follower reads the Lease every retry period): one
        // still cut off by the last fault would fail this one for the wrong reason.
        await Eventually.TrueAsync(
            () => Task.FromResult(Replicas.All(r => r.ApiProxy.LastAnswer > DateTimeOffset.UtcNow - RetryPeriod * 2)),
            TimeSpan.FromSeconds(90),
            "both replicas to get answers from the API server, before " + name);
        await Eventually.TrueAsync(
            () => Task.FromResult(FaultChecks.Periodic.All(c => Observer.LastResult(c.Name) is { Ok: true })
                && !Observer.Runs.Any(r => r.Check == FaultChecks.Gated && r.SeenResult is null && !r.Excused)),
            TimeSpan.FromSeconds(120),
            "every periodic check OK and no gated run in flight, before " + name);
        var open = Observer.Runs.Where(r => r.SeenResult is null).Select(r => r.Uuid).ToHashSet(StringComparer.Ordinal);
        return new FaultWindow(name, DateTimeOffset.UtcNow, open, await LeaseHolderAsync());
    }

    /// <summary>
    /// Measures the fault after its end: waits for every periodic check's next OK run (its time to
    /// recover) and for every run of the window to end, then counts runs lost and doubled and
    /// replicas that exited by themselves; adds the row to the report and returns the figures.
    /// </summary>
    internal async Task<FaultFigures> MeasureAsync(FaultWindow window)
    {
        var ended = window.FaultEnded ?? DateTimeOffset.UtcNow;
        var figures = new FaultFigures(window.Name, ended - (window.FaultStarted ?? ended));
        var holder = await LeaseHolderAsync();
        figures.Notes.Add(holder == window.Leader ? $"Lease stayed with {holder}" : $"Lease: {window.Leader} → {holder}");
        figures.Notes.AddRange(window.Notes);

        var longestBound = FaultChecks.Periodic.Max(Bound);
        var waitUntil = ended + longestBound + TimeSpan.FromSeconds(30);
        while (DateTimeOffset.UtcNow < waitUntil && FaultChecks.Periodic.Any(c => Observer.FirstOkAfter(c.Name, ended) is null))
        {
            await Task.Delay(250);
        }

        foreach (var check in FaultChecks.Periodic)
        {
            var time = Observer.FirstOkAfter(check.Name, ended) - ended;
            figures.Recovery[check.Name] = time;
            if (time is null)
            {
                figures.Problems.Add($"{check.Name} had no OK run within {FaultReport.Seconds(waitUntil - ended)} of the fault's end");
                figures.WorstRecovery ??= (check.Name, waitUntil - ended, Bound(check));
                continue;
            }

            if (time > Bound(check))
            {
                figures.Problems.Add($"{check.Name} took {FaultReport.Seconds(time.Value)} to recover (bound {FaultReport.Seconds(Bound(check))})");
            }

            if (figures.WorstRecovery is not { } worst || time.Value - Bound(check) > worst.Time - worst.Bound)
            {
                figures.WorstRecovery = (check.Name, time.Value, Bound(check));
            }
        }

        // Every run of the window must end with a result: give the open ones until their deadline,
        // plus a lease's length and a margin for a leader to take over and finish them. Runs begun
        // from here on belong to the next window (they are open when it opens).
        var settling = DateTimeOffset.UtcNow;
        List<RunRecord> Window() => Observer.Runs.Where(r => (r.SeenBegun >= window.Opened && r.SeenBegun < settling) || window.OpenRuns.Contains(r.Uuid)).ToList();
        var settleLimit = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTimeOffset.UtcNow < settleLimit
            && Window().Where(r => r.SeenResult is null && !r.Excused).ToList() is { Count: > 0 } open
            && open.Any(r => DateTimeOffset.UtcNow < (r.Deadline ?? r.SeenBegun + FaultChecks.GatedTimeout) + LeaseDuration + TimeSpan.FromSeconds(15)))
        {
            await Task.Delay(250);
        }

        var runs = Window();
        figures.Runs = runs.Count;
        figures.Lost.AddRange(runs.Where(r => r.SeenResult is null && !r.Excused).Select(r => "lost: " + r));
        foreach (var run in runs)
        {
            var pods = Observer.PodsOf(run.Uuid);
            if (pods.Count > 1)
            {
                figures.Doubled.Add($"doubled: {run} had {pods.Count} pods: {string.Join(", ", pods.Select(p => p.Name + "/" + p.Uid[..8]))}");
            }
        }

        figures.Doubled.AddRange(Observer.OverlapsSince(window.Opened).Select(o => "doubled: " + o));
        figures.Doubled.AddRange(Observer.PodsWithoutRun(window.Opened).Select(p => $"doubled: pod {p.Name} of {p.Check} names run {p.RunUuid}, which no khstate ever began"));
        foreach (var replica in Replicas)
        {
            figures.Exits.AddRange(replica.UnexpectedExits.Select(e => $"{replica.Identity} exited by itself: {e}"));
        }

        figures.Problems.AddRange(figures.Lost);
        figures.Problems.AddRange(figures.Doubled);
        figures.Problems.AddRange(figures.Exits.Select(e => e.Split('\n')[0]));
        Report.Add(figures);
        return figures;
    }

    /// <summary>Fails the test with the figures and both replicas' output tails when the fault broke a promise.</summary>
    internal void AssertKept(FaultFigures figures)
    {
        if (figures.Problems.Count == 0)
        {
            return;
        }

        var tails = string.Join("\n", Replicas.Select(r => $"--- {r.Identity} ({(r.Alive ? "running" : "exited")}) ---\n{r.Tail()}"));
        Assert.Fail(FaultReport.Describe(figures) + "\n" + tails);
    }

    private static TimeSpan Bound(PeriodicCheck check) => check.Interval + LeaseDuration + TimeSpan.FromSeconds(10);

    private Replica NewReplica(string identity, int port, IPEndPoint apiEndPoint, string adminKubeconfig, Uri apiServer)
    {
        var proxy = TcpFaultProxy.Start(apiEndPoint);
        var kubeconfig = Path.Combine(_directory, identity + ".kubeconfig");
        File.WriteAllText(kubeconfig, adminKubeconfig.Replace(apiServer.GetLeftPart(UriPartial.Authority), $"https://127.0.0.1:{proxy.Port}", StringComparison.Ordinal));
        return new Replica(identity, port, proxy, kubeconfig, Namespace, $"http://127.0.0.1:{_reports!.Port}/externalCheckStatus", _directory);
    }
}
