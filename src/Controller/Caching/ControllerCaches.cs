using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Caching;

/// <summary>
/// The four watches the controller runs, one cache each: khchecks, khjobs, khstates, and checker
/// pods (those labelled <c>kuberhealthy-check-name</c>). Every replica runs them; the status page,
/// report intake and the leader all read from here.
/// </summary>
public sealed class ControllerCaches
{
    /// <summary>Past runs remembered for their check (a report of one is refused at once).</summary>
    private const int PastRunsKept = 20_000;

    private readonly RunIndex<(string, string)> _statesByRun = new();
    private readonly RunIndex<(string, string)> _podsByRun = new();
    private readonly RunHistory<(string, string)> _pastRuns = new(PastRunsKept);
    private readonly RunWaiters<KuberhealthyState> _waiters = new();

    public ControllerCaches(IKubernetes client, string? targetNamespace, TimeProvider time, ILoggerFactory loggers)
        : this(client, targetNamespace, time, loggers.CreateLogger<ControllerCaches>())
    {
    }

    /// <summary>Caches fed by hand (<see cref="ResourceCache{T}.Apply"/>): for tests.</summary>
    internal ControllerCaches(ResourceCache<KuberhealthyCheck> checks, ResourceCache<KuberhealthyJob> jobs, ResourceCache<KuberhealthyState> states, ResourceCache<V1Pod> pods)
    {
        Checks = checks;
        Jobs = jobs;
        States = states;
        Pods = pods;
        States.Stored += (key, state) =>
        {
            if (_statesByRun.Set(key, state?.Spec.Uuid) is { } past)
            {
                _pastRuns.Add(past, key);
            }

            if (state is { Spec.Uuid.Length: > 0 })
            {
                _waiters.Arrived(state.Spec.Uuid, state);
            }
        };
        Pods.Stored += (key, pod) => _podsByRun.Set(key, pod?.GetLabel(CheckLabels.RunId));
    }

    private ControllerCaches(IKubernetes client, string? targetNamespace, TimeProvider time, ILogger logger)
        : this(
            new ResourceCache<KuberhealthyCheck>(new ResourceClient<KuberhealthyCheck>(client, KhResources.Checks), targetNamespace, WatchOptions, time, logger) { Trim = check => check.Spec?.CompactPodSpec() },
            new ResourceCache<KuberhealthyJob>(new ResourceClient<KuberhealthyJob>(client, KhResources.Jobs), targetNamespace, WatchOptions, time, logger) { Trim = job => job.Spec?.CompactPodSpec() },
            new ResourceCache<KuberhealthyState>(new ResourceClient<KuberhealthyState>(client, KhResources.States), targetNamespace, WatchOptions, time, logger),
            new ResourceCache<V1Pod>(new ResourceClient<V1Pod>(client, BuiltInKinds.Pods), targetNamespace, WatchOptions with { LabelSelector = CheckLabels.CheckName }, time, logger) { Trim = CachedPods.Trim })
    {
    }

    /// <summary>
    /// The caches' watches retry within 8 s at most (12 s with jitter), not the informer's 30 s:
    /// after an API server outage the leader works from these caches, and the fault suite saw
    /// checks wait up to 45 s after the API server was back. Two replicas times four watches
    /// retrying every few seconds cost a recovering API server nothing.
    /// </summary>
    internal static ResourceWatcherOptions WatchOptions { get; } = new() { MaxBackoff = TimeSpan.FromSeconds(8) };

    public ResourceCache<KuberhealthyCheck> Checks { get; }

    public ResourceCache<KuberhealthyJob> Jobs { get; }

    public ResourceCache<KuberhealthyState> States { get; }

    public ResourceCache<V1Pod> Pods { get; }

    public bool AllSynced => Checks.IsSynced && Jobs.IsSynced && States.IsSynced && Pods.IsSynced;

    public Task AllSyncedAsync => Task.WhenAll(Checks.Synced, Jobs.Synced, States.Synced, Pods.Synced);

    /// <summary>Which caches have not synced, and their last error: for messages and /readyz.</summary>
    public string SyncProblem()
    {
        var problems = new[] { (Checks.Name, Checks.IsSynced, Checks.LastError), (Jobs.Name, Jobs.IsSynced, Jobs.LastError), (States.Name, States.IsSynced, States.LastError), (Pods.Name, Pods.IsSynced, Pods.LastError) }
            .Where(c => !c.IsSynced)
            .Select(c => c.LastError is { } error ? $"{c.Name} ({Kube.KubeApiErrors.Describe(error)})" : c.Name)
            .ToList();
        return problems.Count == 0 ? "" : "not synced: " + string.Join(", ", problems);
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Checks.RunAsync(cancellationToken), Jobs.RunAsync(cancellationToken), States.RunAsync(cancellationToken), Pods.RunAsync(cancellationToken));

    /// <summary>Reads the khchecks, khjobs and khstates afresh (after their CRDs' schemas changed: see <see cref="ResourceCache{T}.ReloadAsync"/>).</summary>
    public Task ReloadCustomResourcesAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Checks.ReloadAsync(cancellationToken), Jobs.ReloadAsync(cancellationToken), States.ReloadAsync(cancellationToken));

    /// <summary>Reports waiting for their run to reach this cache.</summary>
    public int RunsAwaited => _waiters.Count;

    /// <summary>The khstate of a run that was current once and has been replaced, if remembered.</summary>
    public KuberhealthyState? StateOfPastRun(string runUuid) =>
        _pastRuns.TryFind(runUuid, out var key) ? States.Get(key.Item1, key.Item2) : null;

    /// <summary>Waits (at most <paramref name="timeout"/>) for a run this cache has not seen yet.</summary>
    public Task<KuberhealthyState?> WaitForRunAsync(string runUuid, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _waiters.WaitAsync(runUuid, () => StateOfRun(runUuid), timeout, time, cancellationToken);

    /// <summary>The khstate whose current run is <paramref name="runUuid"/>, if the cache has it.</summary>
    public KuberhealthyState? StateOfRun(string runUuid) =>
        _statesByRun.TryFind(runUuid, out var key) && States.Get(key.Item1, key.Item2) is { } state && state.Spec.Uuid == runUuid ? state : null;

    /// <summary>The checker pod of a run, by its <c>kuberhealthy-run-id</c> label.</summary>
    public V1Pod? PodOfRun(string runUuid) =>
        _podsByRun.TryFind(runUuid, out var key) && Pods.Get(key.Item1, key.Item2) is { } pod && pod.GetLabel(CheckLabels.RunId) == runUuid ? pod : null;

    public static CheckKey KeyOf(IKubernetesObject<V1ObjectMeta> obj) => new(obj.Metadata.NamespaceProperty ?? "", obj.Metadata.Name ?? "");

    /// <summary>A checker pod's check: its namespace and the full name from the annotation (labels may be shortened).</summary>
    public static CheckKey KeyOfPod(V1Pod pod) =>
        new(pod.Metadata.NamespaceProperty ?? "", pod.GetAnnotation(CheckLabels.CheckNameAnnotation) ?? "");
}
