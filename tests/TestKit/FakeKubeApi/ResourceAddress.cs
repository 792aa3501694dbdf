using HealthChecks.Kube.Resources;

namespace HealthChecks.TestKit.FakeKubeApi;

/// <summary>
/// What a request path names, as the API server reads it: <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]</c>
/// and <c>/apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]</c>. A null
/// <see cref="Namespace"/> is a cluster-scoped kind, or a list across every namespace.
/// </summary>
public sealed record ResourceAddress(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource = null)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public bool IsCollection => Name is null;

    /// <summary>The same kind and namespace without a name: the collection this object is in.</summary>
    public ResourceAddress Collection => this with { Name = null, Subresource = null };

    public string Path =>
        (Group.Length == 0 ? "/api/" + Version : $"/apis/{Group}/{Version}")
        + (Namespace is null ? "" : "/namespaces/" + Namespace)
        + "/" + Plural
        + (Name is null ? "" : "/" + Name)
        + (Subresource is null ? "" : "/" + Subresource);

    public static ResourceAddress Of(ResourceKind kind, string? @namespace, string? name = null) =>
        new(kind.Group, kind.Version, kind.Plural, kind.Namespaced ? @namespace : null, name);

    /// <summary>The address a path names, or null for a path outside the resource API (discovery, /healthz).</summary>
    public static ResourceAddress? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        string group;
        string version;
        string[] rest;
        if (segments is ["api", var coreVersion, .. var coreRest])
        {
            (group, version, rest) = ("", coreVersion, coreRest);
        }
        else if (segments is ["apis", var g, var v, .. var groupRest])
        {
            (group, version, rest) = (g, v, groupRest);
        }
        else
        {
            return null;
        }

        return rest switch
        {
            ["namespaces", var ns, var plural] => new(group, version, plural, ns, null),
            ["namespaces", var ns, var plural, var name] => new(group, version, plural, ns, name),
            ["namespaces", var ns, var plural, var name, var sub] => new(group, version, plural, ns, name, sub),
            [var plural] => new(group, version, plural, null, null),
            [var plural, var name] => new(group, version, plural, null, name),
            [var plural, var name, var sub] => new(group, version, plural, null, name, sub),
            _ => null,
        };
    }

    public override string ToString() => Path;
}
