using HealthChecks.Controller.Configuration;
using HealthChecks.Controller.Resources;
using HealthChecks.Controller.Runs;
using k8s.Models;

namespace HealthChecks.Controller.Tests;

/// <summary>Small factories for the objects the pure logic reads.</summary>
internal static class Builders
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static V1PodSpec PodSpec(params (string Name, string? Image)[] containers) => new()
    {
        Containers = containers.Select(c => new V1Container { Name = c.Name, Image = c.Image }).ToList(),
    };

    public static KuberhealthyCheck Check(
        string name = "dns",
        string ns = "kuberhealthy",
        string? runInterval = "1m",
        string? timeout = null,
        int? failureThreshold = null,
        bool? paused = null,
        V1PodSpec? podSpec = null) => new()
    {
        ApiVersion = KhResources.ApiVersion,
        Kind = "KuberhealthyCheck",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + name },
        Spec = new KhCheckSpec
        {
            RunInterval = runInterval,
            Timeout = timeout,
            FailureThreshold = failureThreshold,
            Paused = paused,
            PodSpec = podSpec ?? PodSpec(("main", "checker:1")),
        },
    };

    public static KuberhealthyJob Job(string name = "once", string ns = "kuberhealthy", string? timeout = null, string? phase = null, DateTimeOffset? created = null, V1PodSpec? podSpec = null) => new()
    {
        ApiVersion = KhResources.ApiVersion,
        Kind = "KuberhealthyJob",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + name, CreationTimestamp = created?.UtcDateTime },
        Spec = new KhJobSpec { Timeout = timeout, Phase = phase, PodSpec = podSpec ?? PodSpec(("main", "checker:1")) },
    };

    public static KuberhealthyState KhState(string name, string ns = "kuberhealthy", KhStateSpec? spec = null) => new()
    {
        ApiVersion = KhResources.ApiVersion,
        Kind = "KuberhealthyState",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = spec ?? new KhStateSpec { Namespace = ns },
    };

    public static RunTicket Ticket(string uuid = "0f8fad5b-d9cb-469f-a165-70867728950e", TimeSpan? timeout = null, string podName = "dns-0f8fad5b") =>
        new(uuid, T0, T0 + (timeout ?? TimeSpan.FromMinutes(5)), podName);

    public static ControllerOptions Options(int maxCompleted = 4, int maxError = 4, TimeSpan? maxPodAge = null, TimeSpan? maxJobAge = null) => new()
    {
        ReportingUrl = "http://kuberhealthy.kuberhealthy.svc.cluster.local/externalCheckStatus",
        PodName = "controller-0",
        PodNamespace = "kuberhealthy",
        MaxCompletedPodCount = maxCompleted,
        MaxErrorPodCount = maxError,
        MaxCheckPodAge = maxPodAge ?? TimeSpan.FromHours(72),
        MaxKHJobAge = maxJobAge ?? TimeSpan.FromMinutes(15),
    };
}
