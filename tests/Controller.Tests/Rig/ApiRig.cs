using HealthChecks.Controller.Caching;
using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Reconciling;
using HealthChecks.Controller.Tests.Metrics;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Controller.State;
using HealthChecks.Kube.Resources;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;
using HealthChecks.TestKit.FakeKubeApi;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Controller.Tests.Rig;

/// <summary>
/// The controller's parts against a <see cref="FakeApiServer"/> through the real client, on a
/// manual clock: the four caches are fed from the fake's change feed (as their watches would be),
/// so what the code under test writes is in its caches when the write returns, unless the test
/// holds the feed back.
/// </summary>
internal sealed class ApiRig : IAsyncDisposable
{
    public const string Ns = "kuberhealthy";

    private ApiRig(FakeApiServer api, ManualTimeProvider time, ControllerOptions options)
    {
        Api = api;
        Time = time;
        Options = options;
        Client = api.NewClient();
        Kh = new KuberhealthyApi(Client);
        Caches = new ControllerCaches(
            new ResourceCache<KuberhealthyCheck>("khchecks", time, NullLogger.Instance),
            new ResourceCache<KuberhealthyJob>("khjobs", time, NullLogger.Instance),
            new ResourceCache<KuberhealthyState>("khstates", time, NullLogger.Instance),
            new ResourceCache<V1Pod>("pods", time, NullLogger.Instance));
        States = new KhStateStore(Kh, Caches.States);
        api.Feed.Changed += Feed;
    }

    public FakeApiServer Api { get; }

    public ManualTimeProvider Time { get; }

    public ControllerOptions Options { get; }

    public Kubernetes Client { get; }

    public KuberhealthyApi Kh { get; }

    public ControllerCaches Caches { get; }

    public KhStateStore States { get; }

    public static async Task<ApiRig> StartAsync(ControllerOptions? options = null)
    {
        var time = new ManualTimeProvider(Builders.T0);
        return new ApiRig(await FakeApiServer.StartAsync(time), time, options ?? Builders.Options());
    }

    public static CheckKey Key(string name) => new(Ns, name);

    /// <summary>The instruments the reconciler counts on (a registry of the rig's own).</summary>
    public Scrape Scrape { get; } = new();

    public CheckReconciler NewReconciler() => new(Kh, Caches, States, Options, Scrape.Metrics, Time, NullLogger<CheckReconciler>.Instance);

    public KuberhealthyCheck PutCheck(KuberhealthyCheck check) => Api.Put(KhResources.Checks, check);

    public KuberhealthyJob PutJob(KuberhealthyJob job) => Api.Put(KhResources.Jobs, job);

    public KuberhealthyState PutState(string name, KhStateSpec spec) => Api.Put(KhResources.States, Builders.KhState(name, Ns, spec));

    public KuberhealthyState? State(string name) => Api.Get<KuberhealthyState>(KhResources.States, Ns, name);

    /// <summary>Writes the khstate as another replica would (the feed tells the caches unless held).</summary>
    public KuberhealthyState UpdateState(string name, Action<KhStateSpec> change) =>
        Api.Update<KuberhealthyState>(KhResources.States, Ns, name, state => change(state.Spec));

    public V1Pod? Pod(string name) => Api.Get<V1Pod>(BuiltInKinds.Pods, Ns, name);

    public IReadOnlyList<V1Pod> Pods() => Api.List<V1Pod>(BuiltInKinds.Pods, Ns);

    /// <summary>Moves the pod on as the kubelet would (its phase, and its containers' end).</summary>
    public V1Pod SetPodPhase(string name, string phase, int? exitCode = null) =>
        Api.Update<V1Pod>(BuiltInKinds.Pods, Ns, name, pod =>
        {
            pod.Status = new V1PodStatus
            {
                Phase = phase,
                ContainerStatuses = exitCode is { } code
                    ? [new V1ContainerStatus { Name = "main", Image = "checker:1", ImageID = "", Ready = false, RestartCount = 0, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = code, Reason = code == 0 ? "Completed" : "Error" } } }]
                    : null,
            };
        });

    /// <summary>Requests of this method on this kind (any namespace, any name).</summary>
    public int Count(string method, string plural) => Api.Count(r => r.Is(method, plural));

    public async ValueTask DisposeAsync()
    {
        Api.Feed.Changed -= Feed;
        Client.Dispose();
        await Api.DisposeAsync();
    }

    private static bool IsCheckerPod(ApiChange change) => change.Json["metadata"]?["labels"]?[CheckLabels.CheckName] is not null;

    // What the four watches would deliver (the pod watch selects checker pods by their label).
    private void Feed(ApiChange change)
    {
        switch (change.Address.Group, change.Address.Plural)
        {
            case (KhResources.Group, "khchecks"):
                Caches.Checks.Apply(new WatchEvent<KuberhealthyCheck>(change.Type, change.As<KuberhealthyCheck>()));
                break;
            case (KhResources.Group, "khjobs"):
                Caches.Jobs.Apply(new WatchEvent<KuberhealthyJob>(change.Type, change.As<KuberhealthyJob>()));
                break;
            case (KhResources.Group, "khstates"):
                Caches.States.Apply(new WatchEvent<KuberhealthyState>(change.Type, change.As<KuberhealthyState>()));
                break;
            case ("", "pods") when IsCheckerPod(change):
                Caches.Pods.Apply(new WatchEvent<V1Pod>(change.Type, change.As<V1Pod>()));
                break;
        }
    }
}
