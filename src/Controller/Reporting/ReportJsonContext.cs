using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Reporting;

/// <summary>Reports are matched case-insensitively, as Go's decoder does for upstream checkers.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, AllowTrailingCommas = false)]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
