namespace HealthChecks.LocalCluster.Images;

/// <summary>One entry of an image map: an image pattern and what a container of that image runs.</summary>
internal sealed record ImageRule(
    string Pattern,
    ImageRunKind Run,
    IReadOnlyList<string> Program,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    string Source);
