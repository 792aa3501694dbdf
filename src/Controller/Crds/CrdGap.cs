namespace HealthChecks.Controller.Crds;

/// <summary>How a served CRD falls short of HealthChecks' schema.</summary>
public enum CrdGapKind
{
    /// <summary>The CRD does not exist.</summary>
    NotInstalled,

    /// <summary>It does not serve <c>comcast.github.io/v1</c>.</summary>
    VersionNotServed,

    /// <summary>Its schema prunes our fields: Kuberhealthy's own CRD (or an older one of ours).</summary>
    MissingFields,

    /// <summary>It declares one of our fields with another type: writes would be refused.</summary>
    WrongType,
}

/// <summary>What one CRD (by plural: <c>khstates</c>, <c>khchecks</c>) lacks; <paramref name="Fields"/> names the fields concerned.</summary>
public sealed record CrdGap(string Plural, CrdGapKind Kind, IReadOnlyList<string> Fields)
{
    public string Describe() => Kind switch
    {
        CrdGapKind.NotInstalled => $"the {Plural} CRD is not installed",
        CrdGapKind.VersionNotServed => $"the {Plural} CRD does not serve version {Resources.KhResources.Version}",
        CrdGapKind.WrongType => $"the {Plural} CRD declares {string.Join(", ", Fields)}",
        _ => $"the {Plural} CRD served by the API server lacks HealthChecks' fields ({string.Join(", ", Fields)})",
    };
}
