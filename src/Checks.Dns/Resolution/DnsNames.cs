using DnsClient;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>Whether a name can be asked at all, before any query is sent.</summary>
internal static class DnsNames
{
    /// <returns>Why <paramref name="name"/> is not a valid DNS name, or null when it is.</returns>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.EndsWith('.') ? name[..^1] : name;

        // DnsClient would send "" as the root and "a..b" as a name that ends after "a": neither is what was asked.
        if (trimmed.Length == 0 || trimmed.Split('.').Any(label => label.Length == 0))
        {
            return "empty label";
        }

        try
        {
            // DnsClient's own rules (label and name length, IDN): the same check its query would fail.
            DnsString.Parse(trimmed);
            return null;
        }
        catch (ArgumentException ex)
        {
            // The operator reads why the name is wrong, not which of DnsClient's parameters it was.
            return ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
        }
    }
}
