using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthChecks.Controller.Status;

/// <summary>Pretty-printed with two spaces, as upstream's <c>MarshalIndent</c>; times in whole seconds, as upstream's khstates.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 2, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Resources.WholeSecondTimeConverter)])]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Error texts keep their quotes and non-ASCII letters readable (<c>'</c>, not <c>\u0027</c>),
    /// as Go writes them; the page is served as application/json, so nothing renders it as HTML.
    /// </summary>
    public static StatusJsonContext Relaxed => field ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
