using HealthChecks.Kube;

namespace HealthChecks.Controller.Resources;

/// <summary>The three Kuberhealthy v2 kinds, group <c>comcast.github.io/v1</c>, all namespaced.</summary>
public static class KhResources
{
    public const string Group = "comcast.github.io";

    public const string Version = "v1";

    public const string ApiVersion = Group + "/" + Version;

    private static readonly ControllerJsonContext Json = ControllerJsonContext.Default;

    public static KubeResource<KuberhealthyCheck> Checks { get; } =
        new(new(Group, Version, "khchecks", "KuberhealthyCheck", Namespaced: true), Json.KuberhealthyCheck, Json.KubeListKuberhealthyCheck);

    public static KubeResource<KuberhealthyJob> Jobs { get; } =
        new(new(Group, Version, "khjobs", "KuberhealthyJob", Namespaced: true), Json.KuberhealthyJob, Json.KubeListKuberhealthyJob);

    public static KubeResource<KuberhealthyState> States { get; } =
        new(new(Group, Version, "khstates", "KuberhealthyState", Namespaced: true), Json.KuberhealthyState, Json.KubeListKuberhealthyState);
}
