using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Status;

/// <summary>Pretty-printed with two spaces, as upstream's <c>MarshalIndent</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 2, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Kube.Serialization.KubeTimeConverter)])]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
