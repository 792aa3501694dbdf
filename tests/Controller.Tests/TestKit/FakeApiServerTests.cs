using System.Net;
using HealthChecks.Controller.Resources;
using HealthChecks.Kube;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit.FakeKubeApi;
using k8s;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.TestKit;

/// <summary>The fake API server answers the real official client as the API server would, where the controller depends on it.</summary>
public sealed class FakeApiServerTests : IAsyncLifetime
{
    private FakeApiServer _api = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeApiServer.StartAsync();
        _client = _api.NewClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    private static V1Pod Pod(string name, string check = "dns") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kuberhealthy-check-name"] = check } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "checker:1" }] },
    };

    [Fact]
    public async Task Create_NewName_SetsResourceVersionUidAndCreationTimestamp()
    {
        var created = await _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns");

        Assert.Equal("1", created.Metadata.ResourceVersion);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal("ns", created.Metadata.NamespaceProperty);
    }

    [Fact]
    public async Task Create_ExistingName_AlreadyExistsAsTheApiServerSaysIt()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns"));

        Assert.True(error.IsAlreadyExists());
        Assert.Equal("409 AlreadyExists: pods \"a\" already exists", error.Describe());
    }

    [Fact]
    public async Task Read_Missing_NotFound()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => _client.CoreV1.ReadNamespacedPodAsync("a", "ns"));

        Assert.True(error.IsNotFound());
        Assert.Equal("404 NotFound: pods \"a\" not found", error.Describe());
        Assert.Null(await new ResourceClient<KuberhealthyState>(_client, KhResources.States).GetAsync("ns", "a"));
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_ConflictNotAlreadyExists()
    {
        var states = new ResourceClient<KuberhealthyState>(_client, KhResources.States);
        var first = await states.CreateAsync(KhState("dns", "ns"));
        first.Spec.OK = true;
        await states.ReplaceAsync(first);

        first.Spec.OK = false; // still carries the first resourceVersion
        var error = await Assert.ThrowsAnyAsync<Exception>(() => states.ReplaceAsync(first));

        Assert.True(error.IsConflict());
        Assert.False(error.IsAlreadyExists());
        Assert.StartsWith("409 Conflict: Operation cannot be fulfilled on khstates.comcast.github.io \"dns\"", error.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_MergePatch_MergesAndNullRemoves()
    {
        var jobs = new ResourceClient<KuberhealthyJob>(_client, KhResources.Jobs);
        var job = Job("once", "ns");
        job.Spec.ExtraLabels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        await jobs.CreateAsync(job);

        var patched = await jobs.PatchAsync("ns", "once", Patches.Merge(System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"phase":"Running","extraLabels":{"b":null}}}""")!));

        Assert.Equal("Running", patched.Spec.Phase);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, patched.Spec.ExtraLabels);
        Assert.Equal("checker:1", patched.Spec.PodSpec!.Containers[0].Image);
    }

    [Fact]
    public async Task Delete_Existing_GoneAfterwardsAndASecondDeleteIsNotFound()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns");

        Assert.True(await _client.CoreV1.DeleteNamespacedPodAsync("a", "ns").ExceptNotFound());
        Assert.False(await _client.CoreV1.DeleteNamespacedPodAsync("a", "ns").ExceptNotFound());
        Assert.True(await new ResourceClient<KuberhealthyState>(_client, KhResources.States).DeleteAsync("ns", "x") is false);
    }

    [Fact]
    public async Task List_LabelSelector_OnlyMatchingObjectsAcrossNamespaces()
    {
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("a", "dns"), "ns1");
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("b", "dns"), "ns2");
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("c", "other"), "ns1");

        var all = await _client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: "kuberhealthy-check-name=dns");
        var one = await _client.CoreV1.ListNamespacedPodAsync("ns1", labelSelector: "kuberhealthy-check-name==dns");
        var not = await _client.CoreV1.ListNamespacedPodAsync("ns1", labelSelector: "kuberhealthy-check-name!=dns");

        Assert.Equal(["a", "b"], all.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["a"], one.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["c"], not.Items.Select(p => p.Metadata.Name));
        Assert.Equal("3", all.Metadata.ResourceVersion);
    }

    [Theory]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(500, "InternalError")]
    [InlineData(422, "Invalid")]
    public async Task Fail_NextRequest_AnswersWithAStatusTheClientReads(int code, string reason)
    {
        var fault = _api.Faults.Fail(code, when: r => r.Is("POST", "pods"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns"));
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns"); // the fault was for one request

        Assert.Equal((HttpStatusCode)code, error.ApiStatusCode());
        Assert.Equal(reason, error.ApiReason());
        Assert.Equal(1, fault.Hits);
    }

    [Fact]
    public async Task Abort_NextRequest_TransportErrorAndNothingWritten()
    {
        _api.Faults.Abort();

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns"));

        Assert.Empty(_api.List<V1Pod>(BuiltInKinds.Pods));
    }

    [Fact]
    public async Task AbortAfterWrite_NextRequest_TransportErrorButWritten()
    {
        _api.Faults.Abort(afterWrite: true);

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns"));

        Assert.Single(_api.List<V1Pod>(BuiltInKinds.Pods));
    }

    [Fact]
    public async Task Hang_UntilReleased_ThenServed()
    {
        var hang = _api.Faults.Hang();
        var create = _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns");
        await hang.WaitForWaitingAsync();

        Assert.False(create.IsCompleted);
        hang.Release();

        Assert.Equal("a", (await create).Metadata.Name);
    }

    [Fact]
    public async Task Count_ByMethodAndPath_IncludesFaultedRequests()
    {
        _api.Faults.Fail(500);
        await Assert.ThrowsAnyAsync<Exception>(() => _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns"));
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns");
        await _client.CoreV1.ReadNamespacedPodAsync("a", "ns");

        Assert.Equal(2, _api.Count("POST", "/api/v1/namespaces/ns/pods"));
        Assert.Equal(1, _api.Count("GET", "/api/v1/namespaces/ns/pods/a"));
    }

    [Fact]
    public async Task Feed_HeldBack_DeliveredInOrderOnRelease()
    {
        var seen = new List<(WatchEventType, string?)>();
        _api.Feed.Changed += change => seen.Add((change.Type, change.ResourceVersion));
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "ns");

        _api.Feed.HoldBack();
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.StrategicMergePatch), "a", "ns");
        await _client.CoreV1.DeleteNamespacedPodAsync("a", "ns");
        Assert.Single(seen);
        Assert.Equal(2, _api.Feed.Held);
        _api.Feed.Release();

        Assert.Equal([(WatchEventType.Added, "1"), (WatchEventType.Modified, "2"), (WatchEventType.Deleted, "3")], seen);
    }
}
