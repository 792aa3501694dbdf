namespace HealthChecks.TestKit.FakeKubeApi;

/// <summary>One request as the <see cref="FakeApiServer"/> received it, faulted or not.</summary>
public sealed record ApiRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body, string? ContentType, ResourceAddress? Address)
{
    public bool IsWatch => Query.TryGetValue("watch", out var watch) && watch is "true" or "1";

    public bool IsList => Method == "GET" && Address is { IsCollection: true } && !IsWatch;

    /// <summary>Whether the request is <paramref name="method"/> on a path of the <paramref name="plural"/> kind (any namespace, any name).</summary>
    public bool Is(string method, string plural) => Method == method && Address?.Plural == plural;

    public override string ToString() => $"{Method} {Path}";
}
