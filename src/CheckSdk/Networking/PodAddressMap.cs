using System.Net;

namespace HealthChecks.CheckSdk.Networking;

/// <summary>
/// Where a check reaches a pod IP. On a real cluster that is the pod IP itself. The local node
/// simulator hands out fake pod IPs that nothing listens on and tells its containers, in
/// <c>HC_POD_IP_LOOPBACK_MAP</c> (<c>10.244.0.0/16=127.100.0.0/16</c>), which loopback range holds
/// each pod's listeners; a check that connects to pod IPs (the DNS check's Endpoints mode) goes
/// through this map so that it never sends a packet to a simulated address.
/// </summary>
public sealed class PodAddressMap
{
    public const string Variable = "HC_POD_IP_LOOPBACK_MAP";

    private readonly byte[]? _from;
    private readonly byte[]? _to;
    private readonly int _prefixLength;

    private PodAddressMap(byte[]? from, byte[]? to, int prefixLength)
    {
        _from = from;
        _to = to;
        _prefixLength = prefixLength;
    }

    /// <summary>Every address maps to itself.</summary>
    public static PodAddressMap Identity { get; } = new(null, null, 0);

    public static PodAddressMap FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Parses <c>FROM/N=TO/N</c> (IPv4, same prefix length on both sides); empty is the identity.</summary>
    /// <exception cref="FormatException">The rule is not of that form.</exception>
    public static PodAddressMap Parse(string? rule)
    {
        if (string.IsNullOrWhiteSpace(rule))
        {
            return Identity;
        }

        var sides = rule.Split('=', StringSplitOptions.TrimEntries);
        if (sides.Length != 2 || !TryParseCidr(sides[0], out var from, out var fromLength) || !TryParseCidr(sides[1], out var to, out var toLength) || fromLength != toLength)
        {
            throw new FormatException($"{Variable} must look like 10.244.0.0/16=127.100.0.0/16 (got '{rule}')");
        }

        return new PodAddressMap(from, to, fromLength);
    }

    /// <summary>The address to connect to for <paramref name="address"/>: translated when it lies in the mapped range.</summary>
    public IPAddress Translate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_from is null || _to is null || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        if (!InRange(bytes, _from, _prefixLength))
        {
            return address;
        }

        for (var bit = 0; bit < _prefixLength; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            bytes[bit / 8] = (byte)((bytes[bit / 8] & ~mask) | (_to[bit / 8] & mask));
        }

        return new IPAddress(bytes);
    }

    public IPEndPoint Translate(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var address = Translate(endpoint.Address);
        return ReferenceEquals(address, endpoint.Address) ? endpoint : new IPEndPoint(address, endpoint.Port);
    }

    private static bool InRange(byte[] address, byte[] network, int prefixLength)
    {
        for (var bit = 0; bit < prefixLength; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseCidr(string text, out byte[] network, out int prefixLength)
    {
        network = [];
        prefixLength = 0;
        var parts = text.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefixLength) || prefixLength is < 1 or > 32)
        {
            return false;
        }

        network = address.GetAddressBytes();
        return true;
    }
}
