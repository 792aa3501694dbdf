using HealthChecks.CheckSdk.Networking;
using HealthChecks.CheckSdk.Reporting;
using HealthChecks.CheckSdk.Running;
using HealthChecks.CheckSdk.Waiting;
using HealthChecks.Checks.Dns.Resolution;
using HealthChecks.Kube;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace HealthChecks.Checks.Dns;

/// <summary>
/// Upstream's dns-resolution-check: wait for the node to be old enough and for the controller,
/// then resolve HOSTNAME through the system resolver, through every endpoint of the DNS service
/// (DNS_POD_SELECTOR), or through the DNS_SERVER list; every resolver that fails is one error.
/// </summary>
internal sealed partial class DnsCheck(DnsCheckOptions options, Func<IKubernetes> kube, ResolvConf resolvConf, PodAddressMap podAddresses, ILogger logger)
{
    public const string TimeoutMessage = "Failed to complete DNS Status check in time! Timeout was reached.";

    public async Task<CheckReport> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await WaitForNodeAgeAsync(context.Time, cancellationToken).ConfigureAwait(false);
            await context.WaitForControllerAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<IHostResolver> resolvers;
            try
            {
                resolvers = await ResolversAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                return CheckReport.Failure(DownMessage(options.Hostname, ex.Message));
            }

            var lookups = await Task.WhenAll(resolvers.Select(async r => (r, await r.ResolveAsync(options.Hostname, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            foreach (var (resolver, result) in lookups)
            {
                Log.Resolved(logger, options.Hostname, resolver.Description, result.Status, result.Detail);
            }

            return Evaluate(options.Hostname, lookups, options.ExpectedAddresses);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CheckReport.Failure(TimeoutMessage);
        }
    }

    /// <summary>One error per resolver that failed or whose answer lacks an expected address (upstream wording).</summary>
    internal static CheckReport Evaluate(string hostname, IReadOnlyList<(IHostResolver Resolver, DnsLookupResult Result)> lookups, IReadOnlyList<System.Net.IPAddress> expected)
    {
        var errors = new List<string>();
        foreach (var (resolver, result) in lookups)
        {
            if (!result.IsResolved)
            {
                errors.Add(DownMessage(hostname, $"{resolver.Description}: {result.Detail}"));
                continue;
            }

            var missing = expected.Where(e => !result.Addresses.Contains(e)).ToList();
            if (missing.Count > 0)
            {
                errors.Add(DownMessage(hostname, $"{resolver.Description}: answered {result.Detail}, missing expected {string.Join(", ", missing)}"));
            }
        }

        return errors.Count == 0 ? CheckReport.Success() : CheckReport.Failure(errors);
    }

    internal static string DownMessage(string hostname, string why) => $"DNS Status check determined that {hostname} is DOWN: {why}";

    private async Task<IReadOnlyList<IHostResolver>> ResolversAsync(CancellationToken cancellationToken)
    {
        if (options.DnsServers.Count > 0)
        {
            return [.. options.DnsServers.Select(Direct)];
        }

        if (options.DnsPodSelector is { } selector)
        {
            var targets = await DnsEndpointTargets.ReadAsync(kube(), options.Namespace, selector, cancellationToken).ConfigureAwait(false);
            return [.. targets.Select(podAddresses.Translate).Select(Direct)];
        }

        return [new SystemResolver(options.QueryTimeout * 2)];
    }

    private DirectResolver Direct(System.Net.IPEndPoint server) => new(new DnsServerQuery(server, options.QueryTimeout, options.QueryAttempts), resolvConf);

    private async Task WaitForNodeAgeAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.NodeMinAge <= TimeSpan.Zero || options.NodeName is null)
        {
            return;
        }

        DateTime? created;
        try
        {
            created = (await kube().CoreV1.ReadNodeAsync(options.NodeName, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false))?.Metadata?.CreationTimestamp;
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            Log.NodeAgeUnknown(logger, options.NodeName, ex.Describe());
            return;
        }

        if (created is null)
        {
            Log.NodeAgeUnknown(logger, options.NodeName, "node not found");
            return;
        }

        // API timestamps are UTC: never let a local offset apply.
        var waited = await NodeAge.WaitUntilOldEnoughAsync(new DateTimeOffset(DateTime.SpecifyKind(created.Value, DateTimeKind.Utc)), options.NodeMinAge, time, cancellationToken).ConfigureAwait(false);
        Log.WaitedForNode(logger, options.NodeName, waited);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Resolving {Host} with {Resolver}: {Status} {Detail}")]
        public static partial void Resolved(ILogger logger, string host, string resolver, DnsLookupStatus status, string detail);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Cannot tell the age of node {Node} ({Why}); not waiting for it")]
        public static partial void NodeAgeUnknown(ILogger logger, string node, string why);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Waited {Waited} for node {Node} to reach the minimum age")]
        public static partial void WaitedForNode(ILogger logger, string node, TimeSpan waited);
    }
}
