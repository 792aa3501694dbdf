namespace HealthChecks.Kube.Resources;

/// <summary>
/// Where a kind lives in the REST API. The official client's custom-object calls take the group,
/// version and plural; with the empty group they address the core API (<c>/api/v1</c>).
/// </summary>
public sealed record ResourceKind(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => ApiVersion + "/" + Plural;
}
