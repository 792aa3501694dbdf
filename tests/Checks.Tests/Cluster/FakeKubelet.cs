using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using HealthChecks.Kube;
using HealthChecks.Kube.Models;

namespace HealthChecks.Checks.Tests.Cluster;

/// <summary>
/// Plays the kubelet for a test's own Nodes (there is no kubelet here): registers them Ready with
/// room for pods, marks every pod bound to them Running and Ready, and finishes graceful deletions.
/// Nodes in <see cref="Broken"/> and images in <see cref="BrokenImages"/> never start pods; nodes
/// in <see cref="StuckOnDelete"/> never let a pod go. Pods only get fake addresses that nothing connects to. Nodes are deleted on dispose.
/// </summary>
public sealed class FakeKubelet : IAsyncDisposable
{
    private readonly KubeApiClient _client;
    private readonly string _namespace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private FakeKubelet(KubeApiClient client, string @namespace, IReadOnlyList<string> nodes)
    {
        _client = client;
        _namespace = @namespace;
        Nodes = nodes;
        _loop = Task.Run(LoopAsync);
    }

    public IReadOnlyList<string> Nodes { get; }

    public ConcurrentDictionary<string, bool> Broken { get; } = new();

    public ConcurrentDictionary<string, bool> StuckOnDelete { get; } = new();

    /// <summary>Pods with a container of one of these images never start (as with ErrImagePull).</summary>
    public ConcurrentDictionary<string, bool> BrokenImages { get; } = new();

    /// <summary>Every pod name this kubelet ever saw bound to one of its nodes, with the node.</summary>
    public ConcurrentDictionary<string, string> SeenPods { get; } = new();

    public Exception? LastError { get; private set; }

    /// <summary>Registers the nodes (name → labels, taints) and starts serving pods of <paramref name="namespace"/> bound to them.</summary>
    public static async Task<FakeKubelet> StartAsync(KubeApiClient client, string @namespace, IReadOnlyDictionary<string, (Dictionary<string, string> Labels, List<V1Taint> Taints)> nodes)
    {
        foreach (var (name, (labels, taints)) in nodes)
        {
            await client.CreateAsync(KubeResources.Nodes, new V1Node
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new(labels) { ["kubernetes.io/hostname"] = name } },
                Spec = new V1NodeSpec { Taints = taints.Count == 0 ? null : taints },
            });
            await client.PatchStatusAsync(KubeResources.Nodes, null, name, ReadyStatus());
        }

        return new FakeKubelet(client, @namespace, [.. nodes.Keys]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        foreach (var node in Nodes)
        {
            await _client.DeleteAsync(KubeResources.Nodes, null, node);
        }

        _stop.Dispose();
    }

    private static JsonObject ReadyStatus()
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Room() => new() { ["cpu"] = "8", ["memory"] = "16Gi", ["pods"] = "110" };
        return new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["capacity"] = Room(),
                ["allocatable"] = Room(),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now }),
            },
        };
    }

    private async Task LoopAsync()
    {
        var lastHeartbeat = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await StepAsync(_stop.Token);
                if (DateTime.UtcNow - lastHeartbeat > TimeSpan.FromSeconds(10))
                {
                    // The node lifecycle controller marks silent nodes NotReady after 40 s.
                    foreach (var node in Nodes)
                    {
                        await _client.PatchStatusAsync(KubeResources.Nodes, null, node, ReadyStatus(), cancellationToken: _stop.Token);
                    }

                    lastHeartbeat = DateTime.UtcNow;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a conflict or a vanished pod is retried on the next step; kept for diagnosis
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LastError = ex;
            }
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var pods = await _client.ListAsync(KubeResources.Pods, _namespace, cancellationToken: cancellationToken);
        foreach (var pod in pods.Items.Where(p => p.Spec?.NodeName is { } node && Nodes.Contains(node)))
        {
            var node = pod.Spec!.NodeName!;
            SeenPods[pod.Metadata.Name!] = node;
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                if (!StuckOnDelete.ContainsKey(node))
                {
                    await _client.DeleteAsync(KubeResources.Pods, _namespace, pod.Metadata.Name!, new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken);
                }

                continue;
            }

            var broken = Broken.ContainsKey(node) || (pod.Spec.Containers ?? []).Any(c => BrokenImages.ContainsKey(c.Image ?? ""));
            if (pod.Status?.Phase != "Running" && !broken)
            {
                await _client.PatchStatusAsync(KubeResources.Pods, _namespace, pod.Metadata.Name!, RunningStatus(pod, Nodes.ToList().IndexOf(node)), cancellationToken: cancellationToken);
            }
        }
    }

    private static JsonObject RunningStatus(V1Pod pod, int nodeIndex)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var containers = new JsonArray();
        foreach (var container in pod.Spec!.Containers ?? [])
        {
            containers.Add(new JsonObject
            {
                ["name"] = container.Name,
                ["image"] = container.Image,
                ["imageID"] = "fake://" + container.Image,
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
            });
        }

        JsonObject Condition(string type) => new() { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now };
        return new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["hostIP"] = $"10.1.0.{nodeIndex + 1}",
                ["podIP"] = $"10.244.{nodeIndex}.{Math.Abs(pod.Metadata.Name!.GetHashCode(StringComparison.Ordinal)) % 250 + 2}",
                ["startTime"] = now,
                ["conditions"] = new JsonArray(Condition("Initialized"), Condition("Ready"), Condition("ContainersReady"), Condition("PodScheduled")),
                ["containerStatuses"] = containers,
            },
        };
    }
}
