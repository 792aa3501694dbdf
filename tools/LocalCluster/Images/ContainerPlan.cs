namespace HealthChecks.LocalCluster.Images;

/// <summary>What to run for one container: the kind and, for processes, the argv (program first).</summary>
internal sealed record ContainerPlan(ImageRunKind Kind, IReadOnlyList<string> Argv, ImageRule Rule);
