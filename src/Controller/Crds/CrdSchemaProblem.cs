namespace HealthChecks.Controller.Crds;

/// <summary>
/// Why the controller refuses to run checks, in the words every surface uses (log, status page,
/// <c>/healthz</c>, the Event, report refusals): what is wrong, what it breaks, and the command
/// that fixes it.
/// </summary>
public sealed record CrdSchemaProblem(IReadOnlyList<CrdGap> Gaps)
{
    /// <summary>The documented way to upgrade the CRDs over Kuberhealthy's (docs/operations.md).</summary>
    public const string Fix = "kubectl apply --server-side --force-conflicts -f charts/healthchecks/crds/";

    /// <summary>The short form, for a log line's or Event's first words.</summary>
    public string Summary => string.Join("; ", Gaps.Select(g => g.Describe()));

    public string Message
    {
        get
        {
            var pruned = Gaps.Any(g => g.Kind == CrdGapKind.MissingFields)
                ? ": it is Kuberhealthy's own CRD (or an older HealthChecks one), and the API server drops these fields from every object, so no result would be kept"
                : "";
            return $"HealthChecks refuses to run checks: {Summary}{pruned}. Upgrade the CRDs: {Fix} " +
                "(the chart's crds/ folder; the repository's crds/ is the same). Checks resume by themselves once the CRDs are upgraded; no restart is needed.";
        }
    }
}
