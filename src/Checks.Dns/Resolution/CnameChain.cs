using System.Net;
using DnsClient.Protocol;

namespace HealthChecks.Checks.Dns.Resolution;

/// <summary>
/// The addresses an answer gives for one name. DnsClient hands back every record of the answer
/// section; only those of the name itself or of its CNAME chain (followed within the answer) count.
/// </summary>
internal static class CnameChain
{
    private const int MaxAliases = 16;

    public static IEnumerable<IPAddress> AddressesFor(string name, IReadOnlyList<DnsResourceRecord> answers)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(answers);
        var owners = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Plain(name) };
        var current = Plain(name);
        for (var i = 0; i < MaxAliases; i++)
        {
            var alias = answers.OfType<CNameRecord>().FirstOrDefault(r => string.Equals(Plain(r.DomainName), current, StringComparison.OrdinalIgnoreCase));
            if (alias is null || !owners.Add(Plain(alias.CanonicalName)))
            {
                break; // the end of the chain, or a loop
            }

            current = Plain(alias.CanonicalName);
        }

        return answers.OfType<AddressRecord>().Where(r => owners.Contains(Plain(r.DomainName))).Select(r => r.Address);
    }

    // DnsClient's names end in the root's dot; the check's do not.
    private static string Plain(string name) => name.TrimEnd('.');
}
