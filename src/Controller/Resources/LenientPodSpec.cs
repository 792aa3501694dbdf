using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace HealthChecks.Controller.Resources;

/// <summary>
/// The <c>podSpec</c> of a khcheck or khjob, read apart from the rest of the object. The CRD lets
/// almost anything through there, and one podSpec our model cannot read must not make the whole
/// watch fail (every other check would stop). The JSON is kept as written; the typed
/// <see cref="V1PodSpec"/> is decoded on first use, and a failure becomes <see cref="Problems"/>,
/// which the check shows as InvalidSpec.
/// </summary>
/// <remarks>
/// A cached khcheck is made <see cref="Compact"/>: its problems are found once, and only its JSON's
/// UTF-8 bytes are kept (about 0.8 KB for a podSpec the size of the daemonset check's), not the
/// parsed JSON and the decoded object graph besides (about 5 KB together); <see cref="Value"/> then
/// decodes a new copy for each caller, which happens once per run, when its pod is made.
/// </remarks>
internal sealed class LenientPodSpec
{
    // Cached objects are read from several threads (watch loop, scheduler, report intake).
    private readonly Lock _lock = new();
    private JsonElement? _json;
    private V1PodSpec? _value;
    private bool _decoded;
    private string? _problem;
    private byte[]? _compactJson;
    private IReadOnlyList<string>? _compactProblems;
    private bool _compactReadable;

    /// <summary>What is written back: the typed value (so edits through it are kept), or the JSON as read.</summary>
    public JsonElement? Json
    {
        get
        {
            lock (_lock)
            {
                if (_compactJson is not null)
                {
                    return JsonSerializer.Deserialize<JsonElement>(_compactJson);
                }

                return _decoded && _value is not null ? JsonSerializer.Deserialize<JsonElement>(KubernetesJson.Serialize(_value)) : _json;
            }
        }

        set
        {
            lock (_lock)
            {
                Reset();
                _json = value;
            }
        }
    }

    /// <summary>The typed spec; for a compacted one, a new copy each time (the caller's own).</summary>
    public V1PodSpec? Value
    {
        get
        {
            lock (_lock)
            {
                if (_compactJson is not null)
                {
                    return _compactReadable ? KubernetesJson.Deserialize<V1PodSpec>(Encoding.UTF8.GetString(_compactJson)) : null;
                }

                Decode();
                return _value;
            }
        }

        set
        {
            lock (_lock)
            {
                Reset();
                _value = value;
                _decoded = true;
            }
        }
    }

    /// <summary>Why the spec cannot make a checker pod: unreadable, no container, a container without image.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_lock)
            {
                return _compactJson is not null ? _compactProblems! : FindProblems();
            }
        }
    }

    /// <summary>
    /// Keeps only what a cached object needs: the problems, found now, and the JSON's bytes. Edits
    /// through <see cref="Value"/> are no longer kept (a cached object is never changed).
    /// </summary>
    public void Compact()
    {
        lock (_lock)
        {
            if (_compactJson is not null)
            {
                return;
            }

            var problems = FindProblems();
            var readable = _problem is null;
            byte[] bytes;
            if (_decoded && _value is not null && _json is null)
            {
                bytes = Encoding.UTF8.GetBytes(KubernetesJson.Serialize(_value)); // set through Value, not read
            }
            else if (_json is { ValueKind: not JsonValueKind.Null } json)
            {
                bytes = JsonMarshal.GetRawUtf8Value(json).ToArray();
            }
            else
            {
                return; // no spec: Value is null and Problems say so, compact or not
            }

            Reset();
            _compactJson = bytes;
            _compactProblems = problems;
            _compactReadable = readable;
        }
    }

    /// <summary>Called under the lock.</summary>
    private List<string> FindProblems()
    {
        Decode();
        if (_problem is not null)
        {
            return [_problem];
        }

        if (_value?.Containers is not { Count: > 0 } containers)
        {
            return ["spec.podSpec.containers is empty"];
        }

        return containers
            .Where(c => string.IsNullOrWhiteSpace(c.Image))
            .Select(c => $"spec.podSpec.containers[{c.Name}] has no image")
            .ToList();
    }

    /// <summary>Called under the lock.</summary>
    private void Reset()
    {
        _json = null;
        _value = null;
        _decoded = false;
        _problem = null;
        _compactJson = null;
        _compactProblems = null;
        _compactReadable = false;
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
