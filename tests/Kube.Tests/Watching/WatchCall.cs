using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace HealthChecks.Kube.Tests.Watching;

/// <summary>One watch request the fake server received: its query, and the stream the test writes to it.</summary>
internal sealed class WatchCall(string path, IQueryCollection query)
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public string Path { get; } = path;

    public IReadOnlyDictionary<string, string> Query { get; } = query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);

    public string? ResourceVersion => Query.GetValueOrDefault("resourceVersion");

    internal ChannelReader<string> Lines => _lines.Reader;

    public void Send(string type, V1ConfigMap configMap) =>
        _lines.Writer.TryWrite($$"""{"type":"{{type}}","object":{{KubernetesJson.Serialize(configMap)}}}""");

    public void SendBookmark(string resourceVersion) =>
        Send("BOOKMARK", new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } });

    /// <summary>A 410 as the API server sends it: an ERROR event, and the end of the stream.</summary>
    public void SendExpired()
    {
        _lines.Writer.TryWrite("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version","reason":"Expired","code":410}}""");
        Close();
    }

    /// <summary>A line as is (not JSON, say).</summary>
    public void SendRaw(string line) => _lines.Writer.TryWrite(line);

    /// <summary>Ends the response after what was sent, as the API server does at timeoutSeconds.</summary>
    public void Close() => _lines.Writer.TryComplete();
}
