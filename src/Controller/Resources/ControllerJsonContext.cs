using System.Text.Json.Serialization;
using HealthChecks.Kube.Models;
using HealthChecks.Kube.Serialization;

namespace HealthChecks.Controller.Resources;

/// <summary>Source-generated JSON contracts for the Kuberhealthy resources, with the API's conventions.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubeTimeConverter)])]
[JsonSerializable(typeof(KuberhealthyCheck))]
[JsonSerializable(typeof(KubeList<KuberhealthyCheck>))]
[JsonSerializable(typeof(KuberhealthyJob))]
[JsonSerializable(typeof(KubeList<KuberhealthyJob>))]
[JsonSerializable(typeof(KuberhealthyState))]
[JsonSerializable(typeof(KubeList<KuberhealthyState>))]
[JsonSerializable(typeof(V1PodSpec))]
public sealed partial class ControllerJsonContext : JsonSerializerContext;
