namespace HealthChecks.TestKit.PodSecurity;

/// <summary>
/// One way a pod breaks the "restricted" Pod Security Standard: the control (as the standard names
/// it), the offending field's path within the pod (<c>spec.containers[0].securityContext.runAsNonRoot</c>,
/// <c>metadata.annotations[...]</c>), and what is wrong.
/// </summary>
public sealed record PodSecurityViolation(string Control, string Path, string Detail)
{
    public override string ToString() => $"{Path}: {Detail} ({Control})";
}
