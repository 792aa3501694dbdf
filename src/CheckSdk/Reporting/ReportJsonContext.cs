using System.Text.Json.Serialization;

namespace HealthChecks.CheckSdk.Reporting;

[JsonSerializable(typeof(CheckReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
