using System.Globalization;
using System.Text.Json;

namespace HealthChecks.TestKit;

/// <summary>
/// One request as the API server's audit log records it: the group is <c>core</c> for the core
/// group, the subresource <c>-</c> for none, the verb Kubernetes' own (<c>get</c>, <c>list</c>,
/// <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>).
/// </summary>
public sealed record AuditedRequest(
    DateTimeOffset Received, string UserAgent, string Verb, string Group, string Resource, string Subresource, string Namespace, string Name, int Code)
{
    public override string ToString() => $"{Verb} {Group} {Resource} {Subresource} {Code} by {UserAgent}";
}

/// <summary>
/// The local cluster's audit log (<c>logs/audit.log</c>, see <c>scripts/local-cluster.sh</c>): who
/// sent which request for pods, Events and the Kuberhealthy resources. Unlike
/// <c>apiserver_request_total</c>, which sums every client, it tells the controller's requests from
/// the controller-manager's (whose garbage collector lists a new CRD's objects when it discovers it)
/// and the tests' own.
/// </summary>
public static class ApiServerAudit
{
    /// <summary>The User-Agent of the controller's requests (<c>KubeClients.UserAgent</c> of its program).</summary>
    public const string ControllerAgentPrefix = "HealthChecks.Controller/";

    /// <summary>
    /// The requests received from <paramref name="from"/> to <paramref name="to"/> that the log
    /// holds now (<see cref="ReadAfterAsync"/> waits for the last of them; a poll may call this).
    /// </summary>
    public static List<AuditedRequest> Read(LocalCluster cluster, DateTimeOffset from, DateTimeOffset to)
    {
        var logs = Path.Combine(cluster.StateDirectory, "logs");
        if (!File.Exists(Path.Combine(logs, "audit.log")))
        {
            // A cluster started by an older scripts/local-cluster.sh: no request would be seen.
            throw new InvalidOperationException($"no audit log in {logs}: restart the local cluster (scripts/local-cluster.sh down, then up)");
        }

        var requests = new List<AuditedRequest>();

        // audit.log and the one backup its rotation keeps (audit-<time>.log).
        foreach (var file in Directory.EnumerateFiles(logs, "audit*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (Parse(line) is { } request && request.Received >= from && request.Received <= to)
                {
                    requests.Add(request);
                }
            }
        }

        return requests.OrderBy(r => r.Received).ToList();
    }

    /// <summary>
    /// <see cref="Read"/>, once a second has passed since <paramref name="to"/>: the API server
    /// writes an event as its request completes, which can be just after the client has its answer.
    /// </summary>
    public static async Task<List<AuditedRequest>> ReadAfterAsync(LocalCluster cluster, DateTimeOffset from, DateTimeOffset to)
    {
        var settled = to + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (settled > TimeSpan.Zero)
        {
            await Task.Delay(settled);
        }

        return Read(cluster, from, to);
    }

    /// <summary>Requests counted by kind, for a test's output.</summary>
    public static string Summary(IEnumerable<AuditedRequest> requests) =>
        string.Join("\n  ", requests.GroupBy(r => r.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>One line of the log; null for a line cut short while the API server writes it.</summary>
    internal static AuditedRequest? Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var objectRef = root.TryGetProperty("objectRef", out var o) ? o : default;
            string Text(JsonElement parent, string name, string none) =>
                parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text ? text : none;
            return new AuditedRequest(
                DateTimeOffset.Parse(root.GetProperty("requestReceivedTimestamp").GetString()!, CultureInfo.InvariantCulture),
                Text(root, "userAgent", ""),
                root.GetProperty("verb").GetString()!,
                Text(objectRef, "apiGroup", "core"),
                Text(objectRef, "resource", "-"),
                Text(objectRef, "subresource", "-"),
                Text(objectRef, "namespace", ""),
                Text(objectRef, "name", ""),
                root.TryGetProperty("responseStatus", out var status) && status.TryGetProperty("code", out var code) ? code.GetInt32() : 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
