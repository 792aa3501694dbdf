using System.Text;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube.IntegrationTests;

[Collection(ControlPlaneGroup.Name)]
public sealed class CrudTests(ControlPlaneFixture fixture)
{
    private static readonly ResourceKind ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true);
    private static readonly ResourceKind Secrets = new("", "v1", "secrets", "Secret", Namespaced: true);
    private static readonly ResourceKind Namespaces = new("", "v1", "namespaces", "Namespace", Namespaced: false);
    private static readonly ResourceKind Deployments = new("apps", "v1", "deployments", "Deployment", Namespaced: true);
    private static readonly ResourceKind DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true);
    private static readonly ResourceKind ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", Namespaced: true);

    private readonly Kubernetes _client = fixture.Client;

    [Fact]
    public async Task ConfigMap_CreateGetReplacePatchDelete_RoundTripsThroughResourceClient()
    {
        await using var ns = await fixture.CreateNamespaceAsync("crud");
        var configMaps = new ResourceClient<V1ConfigMap>(_client, BuiltInKinds.ConfigMaps);
        var created = await configMaps.CreateAsync(new V1ConfigMap
        {
            Metadata = Builders.Meta(ns.Name, "settings", new() { ["app"] = "crud" }),
            Data = new Dictionary<string, string> { ["a"] = "1" },
        });
        Assert.NotNull(created.Metadata.Uid);

        var read = await configMaps.GetAsync(ns.Name, "settings");
        Assert.Equal("1", read!.Data["a"]);

        read.Data["a"] = "2";
        var replaced = await configMaps.ReplaceAsync(read);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        // A PUT carrying the old resourceVersion loses: 409 Conflict, nothing overwritten.
        created.Data["a"] = "stale";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => configMaps.ReplaceAsync(created));
        Assert.True(conflict.IsConflict(), conflict.Describe());
        Assert.False(conflict.IsAlreadyExists());
        Assert.StartsWith("409 Conflict: ", conflict.Describe(), StringComparison.Ordinal);

        var patched = await configMaps.PatchAsync(ns.Name, "settings", new V1Patch("""{"data":{"b":"3"}}""", V1Patch.PatchType.MergePatch));
        Assert.Equal(("2", "3"), (patched.Data["a"], patched.Data["b"]));

        Assert.True(await configMaps.DeleteAsync(ns.Name, "settings"));
        Assert.Null(await configMaps.GetAsync(ns.Name, "settings"));
        Assert.False(await configMaps.DeleteAsync(ns.Name, "settings"));
        Assert.Null(await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns.Name).OrNullIfNotFound());
        Assert.False(await _client.CoreV1.DeleteNamespacedConfigMapAsync("settings", ns.Name).ExceptNotFound());
    }

    [Fact]
    public async Task Create_Twice_ThrowsAlreadyExists()
    {
        await using var ns = await fixture.CreateNamespaceAsync("exists");
        var secret = new V1Secret { Metadata = Builders.Meta(ns.Name, "s"), StringData = new Dictionary<string, string> { ["k"] = "v" } };
        await _client.CoreV1.CreateNamespacedSecretAsync(secret, ns.Name);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedSecretAsync(secret, ns.Name));

        Assert.True(error.IsAlreadyExists(), error.Describe());
        Assert.Equal("409 AlreadyExists: secrets \"s\" already exists", error.Describe());
        var stored = await _client.CoreV1.ReadNamespacedSecretAsync("s", ns.Name);
        Assert.Equal("v", Encoding.UTF8.GetString(stored.Data["k"])); // stringData is stored in data (base64 on the wire)
    }

    [Fact]
    public async Task Create_InvalidObject_Throws422WithCause()
    {
        await using var ns = await fixture.CreateNamespaceAsync("invalid");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = Builders.Meta(ns.Name, "Not_A_Valid_Name") }, ns.Name));

        Assert.True(error.IsInvalid(), error.Describe());
        Assert.StartsWith("422 Invalid: ", error.Describe(), StringComparison.Ordinal);
        Assert.Contains("Not_A_Valid_Name", error.Describe(), StringComparison.Ordinal);
        Assert.Contains(error.ApiStatus()!.Details.Causes, cause => cause.Field == "metadata.name");
    }

    [Fact]
    public async Task Pod_StatusSubresource_ChangesOnlyStatus()
    {
        await using var ns = await fixture.CreateNamespaceAsync("pod", waitForServiceAccount: true);
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(Builders.Pod(ns.Name, "p1"), ns.Name);
        Assert.Equal("Pending", pod.Status?.Phase);
        Assert.Equal("no-such-node", pod.Spec.NodeName);

        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "10.244.0.9" };
        var updated = await _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "p1", ns.Name);
        Assert.Equal("Running", updated.Status.Phase);

        var patched = await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Succeeded"}}""", V1Patch.PatchType.MergePatch), "p1", ns.Name);
        Assert.Equal(("Succeeded", "10.244.0.9"), (patched.Status.Phase, patched.Status.PodIP));

        // Labels through a strategic merge patch (built-in kinds only).
        var labelled = await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.StrategicMergePatch), "p1", ns.Name);
        Assert.Equal("y", labelled.Metadata.Labels["x"]);

        Assert.True(await _client.CoreV1.DeleteNamespacedPodAsync("p1", ns.Name, new V1DeleteOptions { GracePeriodSeconds = 0 }).ExceptNotFound());
    }

    [Fact]
    public async Task Pod_DeleteWithGracePeriod_SetsDeletionTimestampUntilGone()
    {
        await using var ns = await fixture.CreateNamespaceAsync("grace", waitForServiceAccount: true);
        // A bound pod is deleted gracefully: it stays, marked, until its kubelet confirms or the grace period ends.
        await _client.CoreV1.CreateNamespacedPodAsync(Builders.Pod(ns.Name, "slow"), ns.Name);
        await _client.CoreV1.DeleteNamespacedPodAsync("slow", ns.Name, new V1DeleteOptions { GracePeriodSeconds = 30 });

        var terminating = await _client.CoreV1.ReadNamespacedPodAsync("slow", ns.Name);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(DateTimeKind.Utc, terminating.Metadata.DeletionTimestamp.Value.Kind);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);

        await _client.CoreV1.DeleteNamespacedPodAsync("slow", ns.Name, new V1DeleteOptions { GracePeriodSeconds = 0 });
        await Eventually.TrueAsync(async () => await _client.CoreV1.ReadNamespacedPodAsync("slow", ns.Name).OrNullIfNotFound() is null, TimeSpan.FromSeconds(10), "the pod to be gone");
    }

    [Fact]
    public async Task EveryKindWeUse_CreateGetListPatchReplaceDelete_ThroughResourceClient()
    {
        await using var ns = await fixture.CreateNamespaceAsync("kinds", waitForServiceAccount: true);
        var n = ns.Name;
        var label = new Dictionary<string, string> { ["suite"] = "kinds" };

        await RoundTripAsync(BuiltInKinds.Pods, Builders.Pod(n, "pod", label), n);
        await RoundTripAsync(BuiltInKinds.Services, new V1Service { Metadata = Builders.Meta(n, "svc", label), Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "x" }, Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }] } }, n);
        await RoundTripAsync(BuiltInKinds.Endpoints, new V1Endpoints { Metadata = Builders.Meta(n, "ep", label), Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.244.1.1" }], Ports = [new Corev1EndpointPort { Port = 8080 }] }] }, n);
        await RoundTripAsync(ServiceAccounts, new V1ServiceAccount { Metadata = Builders.Meta(n, "sa", label) }, n);
        await RoundTripAsync(Secrets, new V1Secret { Metadata = Builders.Meta(n, "secret", label), Data = new Dictionary<string, byte[]> { ["k"] = "v"u8.ToArray() } }, n);
        await RoundTripAsync(BuiltInKinds.ConfigMaps, new V1ConfigMap { Metadata = Builders.Meta(n, "cm", label), Data = new Dictionary<string, string> { ["k"] = "v" } }, n);
        await RoundTripAsync(BuiltInKinds.Events, new Corev1Event
        {
            Metadata = Builders.Meta(n, "ev", label),
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "pod", NamespaceProperty = n },
            Reason = "Tested",
            Message = "a test event",
            Type = "Normal",
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Count = 1,
            Source = new V1EventSource { Component = "healthchecks-tests" },
        }, n);
        await RoundTripAsync(Deployments, new V1Deployment { Metadata = Builders.Meta(n, "deploy", label), Spec = new V1DeploymentSpec { Replicas = 0, Selector = Builders.Selector("d"), Template = Builders.Template("d") } }, n);
        await RoundTripAsync(DaemonSets, new V1DaemonSet { Metadata = Builders.Meta(n, "ds", label), Spec = new V1DaemonSetSpec { Selector = Builders.Selector("ds"), Template = Builders.Template("ds") } }, n);
        await RoundTripAsync(ReplicaSets, new V1ReplicaSet { Metadata = Builders.Meta(n, "rs", label), Spec = new V1ReplicaSetSpec { Replicas = 0, Selector = Builders.Selector("rs"), Template = Builders.Template("rs") } }, n);
        await RoundTripAsync(BuiltInKinds.Leases, new V1Lease { Metadata = Builders.Meta(n, "lease", label), Spec = new V1LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15, RenewTime = ApiTime.Micro(DateTimeOffset.UtcNow) } }, n);
        await RoundTripAsync(BuiltInKinds.Nodes, new V1Node { Metadata = Builders.Meta(null, "node-" + n, label), Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "k", Value = "v", Effect = "NoSchedule" }] } }, null);
        await RoundTripAsync(Namespaces, new V1Namespace { Metadata = Builders.Meta(null, "ns-" + n, label) }, null);
    }

    [Fact]
    public async Task Deployment_StatusAndCollectionDelete_Work()
    {
        await using var ns = await fixture.CreateNamespaceAsync("collection");
        for (var i = 0; i < 3; i++)
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Builders.Meta(ns.Name, $"cm-{i}", new() { ["group"] = i < 2 ? "a" : "b" }) }, ns.Name);
        }

        await _client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns.Name, labelSelector: "group=a");
        var left = await _client.CoreV1.ListNamespacedConfigMapAsync(ns.Name, labelSelector: "group");
        Assert.Equal(["cm-2"], left.Items.Select(c => c.Metadata.Name));

        var deployment = await _client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = Builders.Meta(ns.Name, "web"),
            Spec = new V1DeploymentSpec { Replicas = 0, Selector = Builders.Selector("web"), Template = Builders.Template("web") },
        }, ns.Name);
        var patched = await _client.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch("""{"status":{"observedGeneration":42}}""", V1Patch.PatchType.MergePatch), "web", ns.Name);
        Assert.Equal(42, patched.Status.ObservedGeneration);
        Assert.True(await _client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns.Name, new V1DeleteOptions { PropagationPolicy = "Foreground" }).ExceptNotFound());
        Assert.NotNull(deployment.Metadata.Uid);
    }

    [Fact]
    public async Task ServerFilledAndLessCommonFields_SurviveReadModifyWrite()
    {
        // The official models know every field of a 1.20 pod: a GET/PUT cycle keeps what this code
        // never set (dnsConfig) and what the server filled in (qosClass, defaults).
        await using var ns = await fixture.CreateNamespaceAsync("fields", waitForServiceAccount: true);
        var pod = Builders.Pod(ns.Name, "with-dns");
        pod.Spec.DnsConfig = new V1PodDNSConfig { Options = [new V1PodDNSConfigOption { Name = "ndots", Value = "2" }] };
        await _client.CoreV1.CreateNamespacedPodAsync(pod, ns.Name);

        var read = await _client.CoreV1.ReadNamespacedPodAsync("with-dns", ns.Name);
        read.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };
        var written = await _client.CoreV1.ReplaceNamespacedPodAsync(read, "with-dns", ns.Name);

        Assert.Equal(("ndots", "2"), (written.Spec.DnsConfig.Options[0].Name, written.Spec.DnsConfig.Options[0].Value));
        Assert.Equal("BestEffort", written.Status.QosClass);
        Assert.Equal("File", written.Spec.Containers[0].TerminationMessagePolicy);
        Assert.Equal("yes", written.Metadata.Labels["touched"]);
    }

    private async Task RoundTripAsync<T>(ResourceKind kind, T obj, string? @namespace)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resources = new ResourceClient<T>(_client, kind);
        var name = obj.Metadata.Name;
        var created = await resources.CreateAsync(obj);
        Assert.Equal(name, created.Metadata.Name);
        Assert.Equal(kind.Kind, (await resources.GetAsync(@namespace, name))!.Kind);

        var listed = await resources.ListAllAsync(@namespace, new ListRequest { LabelSelector = "suite=kinds" });
        Assert.Contains(listed.Items, i => i.Metadata.Name == name);

        var patched = await resources.PatchAsync(@namespace, name, new V1Patch("""{"metadata":{"annotations":{"patched":"yes"}}}""", V1Patch.PatchType.MergePatch));
        Assert.Equal("yes", patched.Metadata.Annotations["patched"]);

        // Controllers may write the object meanwhile (the node lifecycle controller taints a new
        // Node): a PUT with a stale resourceVersion gets 409, so re-read and apply again.
        var replaced = await ReplaceWithRetryAsync(resources, @namespace, patched, o => o.Metadata.Annotations["replaced"] = "yes");
        Assert.Equal("yes", replaced.Metadata.Annotations["replaced"]);

        Assert.True(await resources.DeleteAsync(@namespace, name, new V1DeleteOptions { GracePeriodSeconds = 0, PropagationPolicy = "Background" }), $"{kind} {name} deleted");
    }

    private static async Task<T> ReplaceWithRetryAsync<T>(ResourceClient<T> resources, string? @namespace, T current, Action<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        for (var attempt = 1; ; attempt++)
        {
            change(current);
            try
            {
                return await resources.ReplaceAsync(current);
            }
            catch (HttpOperationException ex) when (ex.IsConflict() && attempt < 5)
            {
                current = (await resources.GetAsync(@namespace, current.Metadata.Name))!;
            }
        }
    }
}
