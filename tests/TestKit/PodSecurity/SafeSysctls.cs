namespace HealthChecks.TestKit.PodSecurity;

/// <summary>
/// The sysctls the standard calls safe (namespaced, isolated from other pods). The set grows with
/// Kubernetes versions; a pod must pass on the oldest we support (1.31), so later additions are refused
/// with the version that allows them.
/// </summary>
internal static class SafeSysctls
{
    private static readonly HashSet<string> Safe = new(StringComparer.Ordinal)
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    };

    private static readonly Dictionary<string, string> SafeFrom = new(StringComparer.Ordinal)
    {
        ["net.ipv4.tcp_rmem"] = "1.32",
        ["net.ipv4.tcp_wmem"] = "1.32",
        ["net.ipv4.tcp_slow_start_after_idle"] = "1.37",
        ["net.ipv4.tcp_notsent_lowat"] = "1.37",
    };

    public static bool Contains(string name) => Safe.Contains(name);

    public static string Refusal(string name) => SafeFrom.TryGetValue(name, out var version)
        ? $"\"{name}\" is safe only from Kubernetes {version}"
        : $"\"{name}\" is not a safe sysctl";
}
