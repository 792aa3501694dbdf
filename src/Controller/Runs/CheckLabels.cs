using System.Security.Cryptography;
using System.Text;

namespace HealthChecks.Controller.Runs;

/// <summary>
/// The labels and annotation that tie a checker pod to its check and run (the upstream v2 names),
/// and the shortening that keeps them valid: a khcheck name may be 253 characters, a label value
/// and a pod's hostname only 63.
/// </summary>
public static class CheckLabels
{
    public const string RunId = "kuberhealthy-run-id";

    public const string CheckName = "kuberhealthy-check-name";

    public const string App = "app";

    public const string AppValue = "kuberhealthy-check";

    public const string CheckNameAnnotation = "comcast.github.io/check-name";

    /// <summary>
    /// On a khcheck: a run is asked for now (any new value; <c>POST /api/run</c> sets it, and so can
    /// <c>kubectl annotate khc NAME healthchecks.io/run-requested="$(date +%s)" --overwrite</c>). The
    /// leader answers each value once: the run it begins records it in the khstate.
    /// </summary>
    public const string RunRequestedAnnotation = "healthchecks.io/run-requested";

    public const int MaxLabelValue = 63;

    /// <summary>The <c>kuberhealthy-check-name</c> value: the name itself, or a prefix and a hash of the whole.</summary>
    public static string CheckNameValue(string checkName) => Shorten(checkName, MaxLabelValue);

    /// <summary>A pod name unique per run (two runs can start in the same second) and at most 63 characters.</summary>
    public static string PodName(string checkName, string runUuid)
    {
        var suffix = "-" + runUuid.Replace("-", "", StringComparison.Ordinal)[..8];
        return Shorten(checkName, MaxLabelValue - suffix.Length) + suffix;
    }

    private static string Shorten(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];
        return value[..(max - hash.Length - 1)].TrimEnd('-', '.') + "-" + hash;
    }
}
