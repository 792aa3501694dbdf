using System.Globalization;

namespace HealthChecks.Checks.Daemonset;

/// <summary>The UID the pause container runs as: ours, or 1000 when we are root (upstream's rule).</summary>
internal static class CurrentUser
{
    public const long NonRootFallback = 1000;

    public static long RunAsUser(string statusPath = "/proc/self/status")
    {
        var uid = File.Exists(statusPath)
            ? File.ReadLines(statusPath).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1)
            : null;
        return long.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value != 0 ? value : NonRootFallback;
    }
}
