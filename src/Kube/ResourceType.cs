using System.Text;

namespace HealthChecks.Kube;

/// <summary>Where a kind lives in the REST API: <c>/apis/{group}/{version}/[namespaces/{ns}/]{plural}</c>.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The request path for a collection (<paramref name="name"/> null) or one object.</summary>
    public string PathFor(string? @namespace, string? name = null, string? subresource = null)
    {
        if (Namespaced && string.IsNullOrEmpty(@namespace) && name is not null)
        {
            throw new ArgumentException($"{Kind} is namespaced: a namespace is required to address '{name}'", nameof(@namespace));
        }

        var path = new StringBuilder(Group.Length == 0 ? "/api/" : "/apis/").Append(ApiVersion);
        if (Namespaced && !string.IsNullOrEmpty(@namespace))
        {
            path.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        }

        path.Append('/').Append(Plural);
        if (name is not null)
        {
            path.Append('/').Append(Uri.EscapeDataString(name));
        }

        if (subresource is not null)
        {
            path.Append('/').Append(subresource);
        }

        return path.ToString();
    }
}
