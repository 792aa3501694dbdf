using System.Text.Json;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Resources;

/// <summary>
/// The <c>podSpec</c> of a khcheck or khjob, read apart from the rest of the object. The CRD lets
/// almost anything through there, and one podSpec our model cannot read must not make the whole
/// watch fail (every other check would stop). The JSON is kept as written; the typed
/// <see cref="V1PodSpec"/> is decoded on first use, and a failure becomes <see cref="Problem"/>,
/// which the check shows as InvalidSpec.
/// </summary>
internal sealed class LenientPodSpec
{
    // Cached objects are read from several threads (watch loop, scheduler, report intake).
    private readonly Lock _lock = new();
    private JsonElement? _json;
    private V1PodSpec? _value;
    private string? _problem;
    private bool _decoded;

    /// <summary>What is written back: the typed value (so edits through it are kept), or the JSON as read.</summary>
    public JsonElement? Json
    {
        get
        {
            lock (_lock)
            {
                return _decoded && _value is not null ? JsonSerializer.Deserialize<JsonElement>(KubernetesJson.Serialize(_value)) : _json;
            }
        }

        set
        {
            lock (_lock)
            {
                _json = value;
                _value = null;
                _problem = null;
                _decoded = false;
            }
        }
    }

    public V1PodSpec? Value
    {
        get
        {
            lock (_lock)
            {
                Decode();
                return _value;
            }
        }

        set
        {
            lock (_lock)
            {
                _json = null;
                _value = value;
                _problem = null;
                _decoded = true;
            }
        }
    }

    public string? Problem
    {
        get
        {
            lock (_lock)
            {
                Decode();
                return _problem;
            }
        }
    }

    /// <summary>Called under the lock.</summary>
    private void Decode()
    {
        if (_decoded)
        {
            return;
        }

        _decoded = true;
        if (_json is not { ValueKind: not JsonValueKind.Null } json)
        {
            return;
        }

        try
        {
            _value = KubernetesJson.Deserialize<V1PodSpec>(json.GetRawText());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // The client's converters (quantities, int-or-string) throw the latter two for a wrong token.
            // Name the path (e.g. $.containers[0].resources.limits.cpu) when the message does not.
            var where = ex is JsonException { Path: { } path } && !ex.Message.Contains(path, StringComparison.Ordinal) ? $" (at {path})" : "";
            _problem = $"spec.podSpec cannot be read: {ex.Message}{where}";
        }
    }
}
