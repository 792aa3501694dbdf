using k8s.Models;

namespace HealthChecks.LocalCluster.Simulation;

/// <summary>
/// The status writes of the simulator, as kubelet makes them: a strategic merge patch of
/// <c>{"status": ...}</c> on the <c>/status</c> subresource. No resourceVersion, so no 409: the
/// status is the simulator's alone, and the last write wins.
/// </summary>
internal static class StatusPatch
{
    /// <param name="statusJson">The status, serialized with the client's settings (nulls left out).</param>
    public static V1Patch Of(string statusJson) => new("{\"status\":" + statusJson + "}", V1Patch.PatchType.StrategicMergePatch);
}
