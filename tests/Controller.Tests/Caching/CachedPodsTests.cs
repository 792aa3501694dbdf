using HealthChecks.Controller.Caching;
using HealthChecks.Kube.Watching;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthChecks.Controller.Tests.Caching;

public sealed class CachedPodsTests
{
    private static V1Pod Pod(string version) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "check-abc", NamespaceProperty = "ns", ResourceVersion = version, Labels = new Dictionary<string, string> { ["kh-run-id"] = "u1" },
            ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubelet" }],
        },
        Spec = new V1PodSpec
        {
            NodeName = "node-1",
            Containers = [new V1Container { Name = "main", Image = "checker:1", Env = [new V1EnvVar { Name = "KH_RUN_UUID", Value = "u1" }] }],
            Volumes = [new V1Volume { Name = "token" }],
        },
        Status = new V1PodStatus { Phase = "Running", PodIP = "10.244.0.7", ContainerStatuses = [new V1ContainerStatus { Name = "main", Ready = true, Image = "checker:1", ImageID = "", RestartCount = 0 }] },
    };

    private static ResourceCache<V1Pod> Cache() => new("pods", new ManualTimeProvider(), NullLogger.Instance) { Trim = CachedPods.Trim };

    [Fact]
    public void Apply_KeepsMetadataStatusAndNodeOnly()
    {
        var cache = Cache();

        cache.Apply(new WatchEvent<V1Pod>(WatchEventType.Added, Pod("5")));

        var kept = cache.Get("ns", "check-abc")!;
        Assert.Equal(("u1", "node-1", "Running", "10.244.0.7", "main"), (kept.Metadata.Labels["kh-run-id"], kept.Spec.NodeName, kept.Status.Phase, kept.Status.PodIP, Assert.Single(kept.Status.ContainerStatuses).Name));
        Assert.Empty(kept.Spec.Containers);
        Assert.Null(kept.Spec.Volumes);
    }

    [Fact]
    public void Remember_AWrittenPodIsTrimmedToo()
    {
        var cache = Cache();

        cache.Remember(Pod("6"));

        var kept = cache.Get("ns", "check-abc")!;
        Assert.Equal("node-1", kept.Spec.NodeName);
        Assert.Empty(kept.Spec.Containers);
        Assert.Null(kept.Metadata.ManagedFields);
    }
}
