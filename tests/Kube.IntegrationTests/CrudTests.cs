using System.Text.Json.Nodes;
using HealthChecks.Kube.Models;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.IntegrationTests;

[Collection(ControlPlaneGroup.Name)]
public sealed class CrudTests(ControlPlaneFixture fixture)
{
    private readonly KubeApiClient _client = fixture.Client;

    [Fact]
    public async Task ConfigMap_CreateGetReplacePatchDelete_RoundTrips()
    {
        await using var ns = await fixture.CreateNamespaceAsync("crud");
        var created = await _client.CreateAsync(KubeResources.ConfigMaps, new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = ns.Name, Labels = new() { ["app"] = "crud" } },
            Data = new() { ["a"] = "1" },
        });
        Assert.NotNull(created.Metadata.Uid);

        var read = await _client.GetAsync(KubeResources.ConfigMaps, ns.Name, "settings");
        Assert.Equal("1", read!.Data!["a"]);

        read.Data["a"] = "2";
        var replaced = await _client.ReplaceAsync(KubeResources.ConfigMaps, read);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);

        // A PUT carrying the old resourceVersion loses: 409 Conflict, nothing overwritten.
        created.Data!["a"] = "stale";
        var conflict = await Assert.ThrowsAsync<KubeApiException>(() => _client.ReplaceAsync(KubeResources.ConfigMaps, created));
        Assert.True(conflict.IsConflict, conflict.Message);

        var patched = await _client.PatchAsync(KubeResources.ConfigMaps, ns.Name, "settings", new JsonObject { ["data"] = new JsonObject { ["b"] = "3" } });
        Assert.Equal("2", patched.Data!["a"]);
        Assert.Equal("3", patched.Data["b"]);

        Assert.True(await _client.DeleteAsync(KubeResources.ConfigMaps, ns.Name, "settings"));
        Assert.Null(await _client.GetAsync(KubeResources.ConfigMaps, ns.Name, "settings"));
        Assert.False(await _client.DeleteAsync(KubeResources.ConfigMaps, ns.Name, "settings"));
    }

    [Fact]
    public async Task Create_Twice_ThrowsAlreadyExists()
    {
        await using var ns = await fixture.CreateNamespaceAsync("exists");
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = ns.Name }, StringData = new() { ["k"] = "v" } };
        await _client.CreateAsync(KubeResources.Secrets, secret);
        var error = await Assert.ThrowsAsync<KubeApiException>(() => _client.CreateAsync(KubeResources.Secrets, secret));
        Assert.True(error.IsAlreadyExists, error.Message);
        var stored = await _client.GetAsync(KubeResources.Secrets, ns.Name, "s");
        Assert.Equal("dg==", stored!.Data!["k"]); // stringData is stored base64-encoded
    }

    [Fact]
    public async Task Create_InvalidObject_Throws422WithCause()
    {
        await using var ns = await fixture.CreateNamespaceAsync("invalid");
        var error = await Assert.ThrowsAsync<KubeApiException>(() => _client.CreateAsync(KubeResources.ConfigMaps, new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "Not_A_Valid_Name", NamespaceProperty = ns.Name },
        }));
        Assert.True(error.IsInvalid, error.Message);
        Assert.Contains("Not_A_Valid_Name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pod_StatusSubresource_ChangesOnlyStatus()
    {
        await using var ns = await fixture.CreateNamespaceAsync("pod", waitForServiceAccount: true);
        var pod = await _client.CreateAsync(KubeResources.Pods, Builders.Pod(ns.Name, "p1"));
        Assert.Equal("Pending", pod.Status?.Phase);
        Assert.Equal("no-such-node", pod.Spec!.NodeName);

        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "10.244.0.9" };
        var updated = await _client.ReplaceStatusAsync(KubeResources.Pods, pod);
        Assert.Equal("Running", updated.Status!.Phase);

        var patched = await _client.PatchStatusAsync(KubeResources.Pods, ns.Name, "p1", new JsonObject { ["status"] = new JsonObject { ["phase"] = "Succeeded" } });
        Assert.Equal("Succeeded", patched.Status!.Phase);
        Assert.Equal("10.244.0.9", patched.Status.PodIP);

        // Labels through a strategic merge patch (built-in kinds only).
        var labelled = await _client.PatchAsync(KubeResources.Pods, ns.Name, "p1", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["x"] = "y" } } }, PatchType.StrategicMerge);
        Assert.Equal("y", labelled.Metadata.Labels!["x"]);

        Assert.True(await _client.DeleteAsync(KubeResources.Pods, ns.Name, "p1", new V1DeleteOptions { GracePeriodSeconds = 0 }));
    }

    [Fact]
    public async Task Pod_DeleteWithGracePeriod_SetsDeletionTimestampUntilGone()
    {
        await using var ns = await fixture.CreateNamespaceAsync("grace", waitForServiceAccount: true);
        // A bound pod is deleted gracefully: it stays, marked, until its kubelet confirms or the grace period ends.
        await _client.CreateAsync(KubeResources.Pods, Builders.Pod(ns.Name, "slow"));
        await _client.DeleteAsync(KubeResources.Pods, ns.Name, "slow", new V1DeleteOptions { GracePeriodSeconds = 30 });
        var terminating = await _client.GetAsync(KubeResources.Pods, ns.Name, "slow");
        Assert.NotNull(terminating!.Metadata.DeletionTimestamp);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);
        await _client.DeleteAsync(KubeResources.Pods, ns.Name, "slow", new V1DeleteOptions { GracePeriodSeconds = 0 });
        await Eventually.TrueAsync(async () => await _client.GetAsync(KubeResources.Pods, ns.Name, "slow") is null, TimeSpan.FromSeconds(10), "the pod to be gone");
    }

    [Fact]
    public async Task EveryTypedKind_CreateListPatchDelete_Works()
    {
        await using var ns = await fixture.CreateNamespaceAsync("kinds", waitForServiceAccount: true);
        var n = ns.Name;
        var label = new Dictionary<string, string> { ["suite"] = "kinds" };
        var selector = new ListOptions { LabelSelector = "suite=kinds" };

        await RoundTripAsync(KubeResources.Pods, Builders.Pod(n, "pod", label), n, selector);
        await RoundTripAsync(KubeResources.Services, new V1Service { Metadata = Meta(n, "svc", label), Spec = new V1ServiceSpec { Selector = new() { ["app"] = "x" }, Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }] } }, n, selector);
        await RoundTripAsync(KubeResources.Endpoints, new V1Endpoints { Metadata = Meta(n, "ep", label), Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.244.1.1" }], Ports = [new Corev1EndpointPort { Port = 8080 }] }] }, n, selector);
        await RoundTripAsync(KubeResources.ServiceAccounts, new V1ServiceAccount { Metadata = Meta(n, "sa", label) }, n, selector);
        await RoundTripAsync(KubeResources.Secrets, new V1Secret { Metadata = Meta(n, "secret", label), Data = new() { ["k"] = "dg==" } }, n, selector);
        await RoundTripAsync(KubeResources.ConfigMaps, new V1ConfigMap { Metadata = Meta(n, "cm", label), Data = new() { ["k"] = "v" } }, n, selector);
        await RoundTripAsync(KubeResources.Events, new Corev1Event
        {
            Metadata = Meta(n, "ev", label),
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "pod", NamespaceProperty = n },
            Reason = "Tested",
            Message = "a test event",
            Type = "Normal",
            Source = new V1EventSource { Component = "healthchecks-tests" },
        }, n, selector);
        await RoundTripAsync(KubeResources.Deployments, new V1Deployment { Metadata = Meta(n, "deploy", label), Spec = new V1DeploymentSpec { Replicas = 0, Selector = Builders.Selector("d"), Template = Builders.Template("d") } }, n, selector);
        await RoundTripAsync(KubeResources.DaemonSets, new V1DaemonSet { Metadata = Meta(n, "ds", label), Spec = new V1DaemonSetSpec { Selector = Builders.Selector("ds"), Template = Builders.Template("ds") } }, n, selector);
        await RoundTripAsync(KubeResources.ReplicaSets, new V1ReplicaSet { Metadata = Meta(n, "rs", label), Spec = new V1ReplicaSetSpec { Replicas = 0, Selector = Builders.Selector("rs"), Template = Builders.Template("rs") } }, n, selector);
        await RoundTripAsync(KubeResources.Leases, new V1Lease { Metadata = Meta(n, "lease", label), Spec = new V1LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15, RenewTime = DateTimeOffset.UtcNow } }, n, selector);

        var nodeName = "node-" + n;
        await RoundTripAsync(KubeResources.Nodes, new V1Node { Metadata = Meta(null, nodeName, label), Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "k", Value = "v", Effect = "NoSchedule" }] } }, null, selector);
        var namespaceName = "ns-" + n;
        await RoundTripAsync(KubeResources.Namespaces, new V1Namespace { Metadata = Meta(null, namespaceName, label) }, null, selector);
    }

    [Fact]
    public async Task Deployment_StatusAndCollectionDelete_Work()
    {
        await using var ns = await fixture.CreateNamespaceAsync("collection");
        for (var i = 0; i < 3; i++)
        {
            await _client.CreateAsync(KubeResources.ConfigMaps, new V1ConfigMap { Metadata = Meta(ns.Name, $"cm-{i}", new() { ["group"] = i < 2 ? "a" : "b" }) });
        }

        await _client.DeleteCollectionAsync(KubeResources.ConfigMaps, ns.Name, new ListOptions { LabelSelector = "group=a" });
        var left = await _client.ListAsync(KubeResources.ConfigMaps, ns.Name, new ListOptions { LabelSelector = "group" });
        Assert.Equal(["cm-2"], left.Items.Select(c => c.Metadata.Name));

        var deployment = await _client.CreateAsync(KubeResources.Deployments, new V1Deployment
        {
            Metadata = Meta(ns.Name, "web", null),
            Spec = new V1DeploymentSpec { Replicas = 0, Selector = Builders.Selector("web"), Template = Builders.Template("web") },
        });
        var patched = await _client.PatchStatusAsync(KubeResources.Deployments, ns.Name, "web", new JsonObject { ["status"] = new JsonObject { ["observedGeneration"] = 42 } });
        Assert.Equal(42, patched.Status!.ObservedGeneration);
        Assert.True(await _client.DeleteAsync(KubeResources.Deployments, ns.Name, "web", new V1DeleteOptions { PropagationPolicy = "Foreground" }));
        Assert.NotNull(deployment.Metadata.Uid);
    }

    [Fact]
    public async Task UnknownFields_SurviveReadModifyWrite()
    {
        await using var ns = await fixture.CreateNamespaceAsync("unknown", waitForServiceAccount: true);
        var pod = Builders.Pod(ns.Name, "with-volume");
        // A field this client does not model: it must survive a GET/PUT cycle untouched.
        pod.Spec!.ExtensionData = new() { ["dnsConfig"] = System.Text.Json.JsonDocument.Parse("""{"options":[{"name":"ndots","value":"2"}]}""").RootElement.Clone() };
        await _client.CreateAsync(KubeResources.Pods, pod);
        var read = await _client.GetAsync(KubeResources.Pods, ns.Name, "with-volume");
        read!.Metadata.Labels = new() { ["touched"] = "yes" };
        var written = await _client.ReplaceAsync(KubeResources.Pods, read);
        Assert.Equal("ndots", written.Spec!.ExtensionData!["dnsConfig"].GetProperty("options")[0].GetProperty("name").GetString());
        Assert.Equal("BestEffort", written.Status!.ExtensionData!["qosClass"].GetString()); // set by the server, not modelled
    }

    private async Task RoundTripAsync<T>(KubeResource<T> resource, T obj, string? @namespace, ListOptions selector)
        where T : class, IKubernetesObject
    {
        var name = obj.Metadata.Name!;
        var created = await _client.CreateAsync(resource, obj);
        Assert.Equal(name, created.Metadata.Name);
        Assert.Equal(resource.Type.Kind, (await _client.GetAsync(resource, @namespace, name))!.Kind ?? resource.Type.Kind);

        var listed = await _client.ListAsync(resource, @namespace, selector);
        Assert.Contains(listed.Items, i => i.Metadata.Name == name);

        var patched = await _client.PatchAsync(resource, @namespace, name, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["patched"] = "yes" } } });
        Assert.Equal("yes", patched.Metadata.Annotations!["patched"]);

        // Controllers may write the object meanwhile (the node lifecycle controller taints a new
        // Node): a PUT with a stale resourceVersion gets 409, so re-read and apply again.
        var replaced = await ReplaceWithRetryAsync(resource, @namespace, patched, o => o.Metadata.Annotations!["replaced"] = "yes");
        Assert.Equal("yes", replaced.Metadata.Annotations!["replaced"]);

        Assert.True(await _client.DeleteAsync(resource, @namespace, name, new V1DeleteOptions { GracePeriodSeconds = 0, PropagationPolicy = "Background" }), $"{resource} {name} deleted");
    }

    private async Task<T> ReplaceWithRetryAsync<T>(KubeResource<T> resource, string? @namespace, T current, Action<T> change)
        where T : class, IKubernetesObject
    {
        for (var attempt = 1; ; attempt++)
        {
            change(current);
            try
            {
                return await _client.ReplaceAsync(resource, current);
            }
            catch (KubeApiException ex) when (ex.IsConflict && attempt < 5)
            {
                current = (await _client.GetAsync(resource, @namespace, current.Metadata.Name!))!;
            }
        }
    }

    private static V1ObjectMeta Meta(string? @namespace, string name, Dictionary<string, string>? labels) =>
        new() { Name = name, NamespaceProperty = @namespace, Labels = labels is null ? null : new(labels) };
}
