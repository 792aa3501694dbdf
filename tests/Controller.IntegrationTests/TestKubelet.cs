using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube;
using k8s;
using k8s.Models;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.IntegrationTests;

/// <summary>
/// Plays the node for checker pods: they are bound to <see cref="NodeName"/>, a Node no scheduler,
/// simulator or kubelet acts on, and the test writes their status as a kubelet would.
/// </summary>
internal static class TestKubelet
{
    public const string NodeName = "controller-tests-node";

    public static async Task EnsureNodeAsync(Kubernetes client)
    {
        if (await client.CoreV1.ReadNodeAsync(NodeName).OrNullIfNotFound() is null)
        {
            try
            {
                await client.CoreV1.CreateNodeAsync(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new() { Name = NodeName } });
            }
            catch (Exception ex) when (ex.IsAlreadyExists())
            {
            }
        }
    }

    public static KuberhealthyCheck Check(string @namespace, string name, string interval = "1h", string timeout = "30s") => new()
    {
        ApiVersion = KhResources.ApiVersion,
        Kind = "KuberhealthyCheck",
        Metadata = new() { Name = name, NamespaceProperty = @namespace },
        Spec = new KhCheckSpec { RunInterval = interval, Timeout = timeout, PodSpec = PodSpec() },
    };

    public static V1PodSpec PodSpec() => new()
    {
        NodeName = NodeName,
        Containers = [new V1Container { Name = "main", Image = "example.test/checker:1", Env = [new V1EnvVar { Name = "KEEP_ME", Value = "yes" }] }],
    };

    /// <summary>Waits for the checker pod of a new run (one whose UUID is not in <paramref name="seen"/>).</summary>
    public static Task<V1Pod> NextPodAsync(Kubernetes client, string @namespace, string check, ISet<string>? seen = null, int seconds = 30) =>
        Eventually.GetAsync(async () =>
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: $"{CheckLabels.CheckName}={check}");
            return pods.Items.FirstOrDefault(p => seen is null || !seen.Contains(RunId(p)));
        }, TimeSpan.FromSeconds(seconds), $"a checker pod of {check}");

    /// <summary>Asks for a run of the check now, as <c>kubectl annotate khc NAME healthchecks.io/run-requested=... --overwrite</c> does.</summary>
    public static Task RequestRunAsync(Kubernetes client, string @namespace, string check) =>
        new KuberhealthyApi(client).Checks.PatchAsync(@namespace, check, Patches.Merge(new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["annotations"] = new System.Text.Json.Nodes.JsonObject { [CheckLabels.RunRequestedAnnotation] = Guid.NewGuid().ToString() } },
        }));

    public static string RunId(V1Pod pod) => pod.Metadata.Labels![CheckLabels.RunId];

    public static Task RunningAsync(Kubernetes client, V1Pod pod, string podIp = "10.244.9.9") =>
        SetStatusAsync(client, pod, new V1PodStatus
        {
            Phase = "Running",
            PodIP = podIp,
            ContainerStatuses = [new V1ContainerStatus { Name = "main", Image = "example.test/checker:1", ImageID = "", Ready = true, RestartCount = 0, State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = DateTime.UtcNow } } }],
        });

    public static Task ExitedAsync(Kubernetes client, V1Pod pod, int exitCode) =>
        SetStatusAsync(client, pod, new V1PodStatus
        {
            Phase = exitCode == 0 ? "Succeeded" : "Failed",
            ContainerStatuses = [new V1ContainerStatus { Name = "main", Image = "example.test/checker:1", ImageID = "", Ready = false, RestartCount = 0, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = exitCode == 0 ? "Completed" : "Error", FinishedAt = DateTime.UtcNow } } }],
        });

    public static Task WaitingAsync(Kubernetes client, V1Pod pod, string reason) =>
        SetStatusAsync(client, pod, new V1PodStatus
        {
            Phase = "Pending",
            ContainerStatuses = [new V1ContainerStatus { Name = "main", Image = "example.test/checker:1", ImageID = "", Ready = false, RestartCount = 0, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = "image not found" } } }],
        });

    private static async Task SetStatusAsync(Kubernetes client, V1Pod pod, V1PodStatus status)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name!, pod.Metadata.NamespaceProperty).OrNullIfNotFound()
                ?? throw new InvalidOperationException($"pod {pod.Metadata.Name} is gone");
            current.Status = status;
            try
            {
                await client.CoreV1.ReplaceNamespacedPodStatusAsync(current, current.Metadata.Name, current.Metadata.NamespaceProperty);
                return;
            }
            catch (Exception ex) when (ex.IsConflict() && attempt < 5)
            {
            }
        }
    }
}
