using HealthChecks.Kube.Resources;
using HealthChecks.TestKit.FakeKubeApi;
using HealthChecks.TestKit.PodSecurity;
using static HealthChecks.Kube.Tests.PodSecurity.PodSecurityAssertTests;

namespace HealthChecks.Kube.Tests.PodSecurity;

/// <summary>
/// The recorder on the fake API server: it keeps the pods of its namespace that its list finds. (The
/// fake never answers watches; pods made later are recorded in the cluster tests that use it.)
/// </summary>
public sealed class PodRecorderTests : IAsyncLifetime
{
    private FakeApiServer _api = null!;

    public async Task InitializeAsync() => _api = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Start_KeepsThePodsOfItsNamespaceOnly()
    {
        _api.Put(BuiltInKinds.Pods, WithNamespace(Pod("a", restricted: true), "team-a"));
        _api.Put(BuiltInKinds.Pods, WithNamespace(Pod("b", restricted: false), "team-a"));
        _api.Put(BuiltInKinds.Pods, WithNamespace(Pod("c", restricted: true), "team-b"));
        using var client = _api.NewClient();

        await using var recorder = await PodRecorder.StartAsync(client, "team-a");

        Assert.Equal(["a", "b"], recorder.Pods.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await recorder.AtLeastAsync(1, p => p.Metadata.Name is "a" or "b")).Count);
    }

    [Fact]
    public async Task AtLeast_MorePodsThanSeen_TimesOutNamingWhatItSaw()
    {
        _api.Put(BuiltInKinds.Pods, WithNamespace(Pod("a", restricted: true), "team-a"));
        using var client = _api.NewClient();
        await using var recorder = await PodRecorder.StartAsync(client, "team-a");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => recorder.AtLeastAsync(2, timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains("2 pods recorded (seen: a)", error.Message, StringComparison.Ordinal);
    }

    private static k8s.Models.V1Pod WithNamespace(k8s.Models.V1Pod pod, string ns)
    {
        pod.Metadata.NamespaceProperty = ns;
        return pod;
    }
}
