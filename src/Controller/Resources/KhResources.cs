using HealthChecks.Kube.Resources;

namespace HealthChecks.Controller.Resources;

/// <summary>The three Kuberhealthy v2 kinds, group <c>comcast.github.io/v1</c>, all namespaced.</summary>
public static class KhResources
{
    public const string Group = "comcast.github.io";

    public const string Version = "v1";

    public const string ApiVersion = Group + "/" + Version;

    public static ResourceKind Checks { get; } = new(Group, Version, "khchecks", "KuberhealthyCheck", Namespaced: true);

    public static ResourceKind Jobs { get; } = new(Group, Version, "khjobs", "KuberhealthyJob", Namespaced: true);

    public static ResourceKind States { get; } = new(Group, Version, "khstates", "KuberhealthyState", Namespaced: true);
}
