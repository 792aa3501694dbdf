using System.Net;
using HealthChecks.CheckSdk.Options;

namespace HealthChecks.Checks.Dns;

/// <summary>
/// The DNS check's configuration, upstream names and defaults (dns-resolution-check) plus our
/// additions: <c>DNS_SERVER</c>, <c>EXPECTED_ADDRESSES</c>, <c>NODE_MIN_AGE</c>, <c>DNS_QUERY_TIMEOUT</c>.
/// </summary>
internal sealed record DnsCheckOptions
{
    public required string Hostname { get; init; }

    public string? NodeName { get; init; }

    /// <summary>Upstream waits until the node is 3 minutes old; 0 disables the wait.</summary>
    public TimeSpan NodeMinAge { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Where to look for the DNS Endpoints; empty means every namespace (client-go's meaning of "").</summary>
    public string Namespace { get; init; } = "";

    /// <summary>Label selector of the DNS service's Endpoints objects; resolve against each of their addresses.</summary>
    public string? DnsPodSelector { get; init; }

    /// <summary>Resolve against these servers directly (ip or ip:port; port 53 by default).</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>Each of these must be among the answer's addresses.</summary>
    public IReadOnlyList<IPAddress> ExpectedAddresses { get; init; } = [];

    /// <summary>One DNS attempt's limit (<see cref="QueryAttempts"/> over UDP, then as many over TCP if truncated).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per question before it counts as unanswered; fixed at two, as ever (no env var).</summary>
    public int QueryAttempts { get; init; } = 2;

    public static DnsCheckOptions FromEnvironment(EnvOptions env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var options = new DnsCheckOptions
        {
            Hostname = env.Required("HOSTNAME"),
            NodeName = env.Raw("NODE_NAME"),
            NodeMinAge = env.Duration("NODE_MIN_AGE", TimeSpan.FromMinutes(3)),
            Namespace = env.Text("NAMESPACE", ""),
            DnsPodSelector = env.Raw("DNS_POD_SELECTOR"),
            DnsServers = env.Parse<IReadOnlyList<IPEndPoint>>("DNS_SERVER", [], ParseServers),
            ExpectedAddresses = env.Parse<IReadOnlyList<IPAddress>>("EXPECTED_ADDRESSES", [], ParseAddresses),
            QueryTimeout = env.Duration("DNS_QUERY_TIMEOUT", TimeSpan.FromSeconds(5), min: TimeSpan.FromMilliseconds(1)),
        };
        if (options.NodeMinAge > TimeSpan.Zero && options.NodeName is null)
        {
            env.AddProblem("NODE_NAME", "required (set it from the fieldRef spec.nodeName) unless NODE_MIN_AGE=0");
        }

        if (options.DnsPodSelector is not null && options.DnsServers.Count > 0)
        {
            env.AddProblem("DNS_SERVER", "set either DNS_SERVER or DNS_POD_SELECTOR, not both");
        }

        env.ThrowIfInvalid();
        return options;
    }

    private static List<IPEndPoint> ParseServers(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => IPEndPoint.TryParse(item, out var endpoint)
                ? endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint
                : throw new FormatException($"'{item}' is not an IP address or IP:port"))
            .ToList();

    private static List<IPAddress> ParseAddresses(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => IPAddress.TryParse(item, out var address) ? address : throw new FormatException($"'{item}' is not an IP address"))
            .ToList();
}
