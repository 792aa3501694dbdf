using System.Net;
using HealthChecks.CheckSdk;
using HealthChecks.CheckSdk.Options;

namespace HealthChecks.LocalCluster.Runtime;

/// <summary>
/// What a <c>run: report-ok</c> container reads from its resolved env (pure): where to report
/// (<c>KH_REPORTING_URL</c>, http to a loopback host only), the run's id (<c>KH_RUN_UUID</c>) and
/// how long to wait first (<c>REPORT_OK_DELAY</c>, a Go duration, default 0, at most
/// <see cref="MaxDelay"/>). <see cref="Read"/> gives either settings or the reason the container
/// fails; nothing here connects anywhere.
/// </summary>
internal sealed record ReportOkSettings(Uri ReportingUrl, string RunUuid, TimeSpan Delay)
{
    public const string DelayVariable = "REPORT_OK_DELAY";

    /// <summary>The stand-in models a checker's run time; a longer wait is a mistake in the spec, not a model.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    /// <summary>The settings, or (null, why the container fails).</summary>
    public static (ReportOkSettings? Settings, string? Error) Read(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var problems = new List<string>();
        var url = ReadUrl(env(CheckProtocol.ReportingUrlVariable), problems);
        var uuid = env(CheckProtocol.RunUuidVariable);
        if (string.IsNullOrWhiteSpace(uuid))
        {
            problems.Add($"{CheckProtocol.RunUuidVariable} is not set");
        }

        var delay = TimeSpan.Zero;
        if (env(DelayVariable) is { } delayText && !TryReadDelay(delayText, out delay))
        {
            problems.Add($"{DelayVariable}='{delayText}' is not a Go duration from 0 to {GoDuration.Format(MaxDelay)} (e.g. 500ms, 2s, 1m30s)");
        }

        return problems.Count > 0
            ? (null, string.Join("; ", problems))
            : (new ReportOkSettings(url!, uuid!.Trim(), delay), null);
    }

    /// <summary>127.0.0.0/8, ::1 or the name <c>localhost</c>: the only hosts the simulator connects to.</summary>
    public static bool IsLoopbackHost(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.HostNameType == UriHostNameType.Dns)
        {
            return string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        }

        // IdnHost drops the brackets of an IPv6 literal; IsLoopback also counts ::ffff:127.x.y.z, which is 127/8.
        return IPAddress.TryParse(url.IdnHost, out var address) && IPAddress.IsLoopback(address);
    }

    private static Uri? ReadUrl(string? text, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{CheckProtocol.ReportingUrlVariable} is not set");
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            problems.Add($"{CheckProtocol.ReportingUrlVariable}='{text}' is not an absolute http:// URL");
            return null;
        }

        if (!IsLoopbackHost(url))
        {
            problems.Add($"{CheckProtocol.ReportingUrlVariable}='{text}': the simulator only connects to loopback (127.0.0.0/8, [::1], localhost); not connecting to {url.Host}");
            return null;
        }

        return url;
    }

    private static bool TryReadDelay(string text, out TimeSpan delay) =>
        GoDuration.TryParse(text, out delay) && delay >= TimeSpan.Zero && delay <= MaxDelay;
}
