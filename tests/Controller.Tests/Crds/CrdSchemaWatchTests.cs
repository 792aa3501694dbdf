using HealthChecks.Controller.Crds;
using HealthChecks.Controller.Events;
using HealthChecks.Controller.Tests.Rig;
using HealthChecks.TestKit;
using HealthChecks.TestKit.FakeKubeApi;
using k8s;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Crds;

/// <summary>
/// The first verdict of <see cref="CrdSchemaWatch"/> against the fake API (whose watches stay
/// quiet; the change of a verdict on a live CRD is tested on a real API server in
/// tests/Controller.IntegrationTests/CrdUpgradeTests): what it reads, what it decides, what it says and where.
/// </summary>
public sealed class CrdSchemaWatchTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CrdSchemaGate _gate = new();
    private readonly LogRecorder<CrdSchemaWatch> _log = new();
    private ApiRig _rig = null!;
    private CrdSchemaWatch _watch = null!;

    public async Task InitializeAsync()
    {
        _rig = await ApiRig.StartAsync(Options() with { PodName = "hc-7d9f-abcde", PodUid = "5a0b0a8e-0000-4000-8000-000000000001" });
        _watch = new CrdSchemaWatch(_rig.Client, _gate, _rig.Caches, new ControllerPodEvents(_rig.Client, _rig.Options, _rig.Time), _rig.Time, _log);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch.StopAsync(CancellationToken.None);
        _watch.Dispose();
        await _rig.DisposeAsync();
        _gate.Dispose();
        _stop.Dispose();
    }

    private void PutCrds(string source)
    {
        foreach (var plural in new[] { "khchecks", "khstates" })
        {
            var path = source == "ours"
                ? Path.Combine(RepositoryPaths.Root, "crds", $"comcast.github.io_{plural}.yaml")
                : RepositoryPaths.Reference($"v2-master/deploy__helm__kuberhealthy__crds__comcast.github.io_{plural}.yaml");
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(path));
            crd.Status = null;
            _rig.Api.Put(CrdSchemaWatch.Crds, crd);
        }
    }

    private IReadOnlyList<Corev1Event> Events() => _rig.Api.List<Corev1Event>(Kube.Resources.BuiltInKinds.Events, ApiRig.Ns);

    [Fact]
    public async Task Start_KuberhealthysCrds_RefusesWithTheFix_EventOnOwnPod_LoggedAsError()
    {
        PutCrds("upstream");

        await _watch.StartAsync(_stop.Token);
        await Clock.UntilAsync(() => _gate.IsDecided && Events().Count > 0, "the verdict and its Event");

        var problem = _gate.Problem;
        Assert.NotNull(problem);
        Assert.Equal(["khstates", "khchecks"], problem.Gaps.Select(g => g.Plural));
        var recorded = Assert.Single(Events());
        Assert.Equal(("Warning", CrdSchemaWatch.RefusedReason, problem.Message), (recorded.Type, recorded.Reason, recorded.Message[..Math.Min(recorded.Message.Length, problem.Message.Length)]));
        Assert.Equal(("Pod", "hc-7d9f-abcde", ApiRig.Ns, "5a0b0a8e-0000-4000-8000-000000000001"), (recorded.InvolvedObject.Kind, recorded.InvolvedObject.Name, recorded.InvolvedObject.NamespaceProperty, recorded.InvolvedObject.Uid));
        var error = Assert.Single(_log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Equal(problem.Message, error.Message);
        // Read by name only, so the chart can grant these two CRDs and no other.
        Assert.All(_rig.Api.Requests.Where(r => r.Address?.Plural == "customresourcedefinitions"), r => Assert.StartsWith("metadata.name=", r.Query["fieldSelector"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_OurCrds_FitWithoutEventOrLog()
    {
        PutCrds("ours");

        await _watch.StartAsync(_stop.Token);
        await Clock.UntilAsync(() => _gate.IsDecided, "the verdict");

        Assert.Null(_gate.Problem);
        Assert.Empty(Events());
        Assert.DoesNotContain(_log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Start_CrdsNotReadable_FitAfterTheFirstReadTimeout_WithAWarningNamingTheRbac()
    {
        PutCrds("upstream");
        _rig.Api.Faults.Fail(403, FaultInjector.Always, r => r.Address?.Plural == "customresourcedefinitions", "customresourcedefinitions.apiextensions.k8s.io is forbidden");

        await _watch.StartAsync(_stop.Token);
        // ExecuteAsync runs on a thread of its own: once both CRDs were asked for, its timer is set too.
        await Clock.UntilAsync(() => _rig.Api.Requests.Count(r => r.Address?.Plural == "customresourcedefinitions") >= 2, "both CRDs asked for");
        await Task.Delay(100);
        Assert.False(_gate.IsDecided); // the leader waits for the first verdict
        // Slack beyond the timeout for a loaded machine, where the timer may be set a few steps late.
        await _rig.Time.AdvanceUntilAsync(() => _gate.IsDecided, TimeSpan.FromSeconds(1), CrdSchemaWatch.FirstReadTimeout + TimeSpan.FromSeconds(30), "the fail-open verdict");

        Assert.Null(_gate.Problem);
        var warning = Assert.Single(_log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.StartsWith("Could not read the khstates", StringComparison.Ordinal));
        Assert.Contains("403", warning.Message, StringComparison.Ordinal);
        Assert.Contains("grant get, list, watch on customresourcedefinitions", warning.Message, StringComparison.Ordinal);
        Assert.Empty(Events());
    }
}
