using System.Text.Json.Nodes;
using k8s.Models;

namespace HealthChecks.Kube;

/// <summary>Patch bodies for the official client's patch calls.</summary>
public static class Patches
{
    /// <summary>A JSON merge patch (RFC 7386): what custom resources accept (they have no strategic merge).</summary>
    public static V1Patch Merge(JsonNode patch) => new(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
}
