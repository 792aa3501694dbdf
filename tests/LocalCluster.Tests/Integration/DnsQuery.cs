using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace HealthChecks.LocalCluster.Tests.Integration;

/// <summary>One A query to the simulated cluster DNS, through DnsClient: the answer's rcode and addresses.</summary>
internal static class DnsQuery
{
    public const int NoError = (int)DnsResponseCode.NoError;
    public const int NameError = (int)DnsResponseCode.NotExistentDomain;

    public static async Task<(int Rcode, List<IPAddress> Addresses)> QueryAsync(string server, int port, string name)
    {
        // Every answer from the server itself: no cache, no other server, errors as answers.
        var client = new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Parse(server), port))
        {
            UseCache = false,
            AutoResolveNameServers = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            ThrowDnsErrors = false,
            Timeout = TimeSpan.FromSeconds(3),
            Retries = 0,
        });
        var answer = await client.QueryAsync(name, QueryType.A);
        return ((int)answer.Header.ResponseCode, answer.Answers.OfType<ARecord>().Select(a => a.Address).ToList());
    }
}
