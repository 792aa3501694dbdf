using System.Net.Sockets;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// The system resolver (getaddrinfo through <c>Dns.GetHostAddressesAsync</c>),
/// which honours the pod's /etc/resolv.conf, search list included: upstream's default mode.
/// </summary>
internal sealed class SystemResolver(TimeSpan timeout) : IHostResolver
{
    public string Description => "the system resolver";

    public async Task<DnsLookupResult> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            // getaddrinfo itself cannot be cancelled; WaitAsync bounds how long we wait for it.
            var addresses = await System.Net.Dns.GetHostAddressesAsync(name, cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? DnsLookupResult.Resolved(addresses)
                : DnsLookupResult.Failure(DnsLookupStatus.NoAnswer, $"{name} has no addresses");
        }
        catch (TimeoutException)
        {
            return DnsLookupResult.Failure(DnsLookupStatus.TimedOut, $"no answer for {name} within {timeout.TotalSeconds:0.###}s");
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode switch
            {
                SocketError.HostNotFound => DnsLookupResult.Failure(DnsLookupStatus.NameNotFound, $"{name} does not exist ({ex.Message})"),
                SocketError.NoData => DnsLookupResult.Failure(DnsLookupStatus.NoAnswer, $"{name} has no addresses ({ex.Message})"),
                SocketError.TryAgain => DnsLookupResult.Failure(DnsLookupStatus.ServerFailure, $"temporary failure resolving {name} ({ex.Message})"),
                _ => DnsLookupResult.Failure(DnsLookupStatus.Failed, $"resolving {name} failed: {ex.Message}"),
            };
        }
    }
}
