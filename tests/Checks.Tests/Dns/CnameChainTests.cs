using System.Net;
using HealthChecks.Checks.Dns.Resolution;
using static HealthChecks.Checks.Tests.Dns.DnsRecords;

namespace HealthChecks.Checks.Tests.Dns;

public sealed class CnameChainTests
{
    [Fact]
    public void AddressesFor_CnameChain_FollowsToTheAddressOnly()
    {
        // www -> web -> 192.0.2.7; 192.0.2.9 belongs to a name outside the chain.
        var answers = new List<DnsClient.Protocol.DnsResourceRecord>
        {
            CName("www.example.test.", "web.example.test."),
            CName("web.example.test.", "Host.Example.Test."),
            A("host.example.test.", "192.0.2.7"),
            Aaaa("host.example.test.", "2001:db8::7"),
            A("other.example.test.", "192.0.2.9"),
        };

        Assert.Equal([IPAddress.Parse("192.0.2.7"), IPAddress.Parse("2001:db8::7")], CnameChain.AddressesFor("www.example.test", answers));
        Assert.Equal([IPAddress.Parse("192.0.2.9")], CnameChain.AddressesFor("other.example.test.", answers));
        Assert.Empty(CnameChain.AddressesFor("nobody.example.test", answers));
    }

    [Fact]
    public void AddressesFor_CnameLoop_EndsWithoutAddresses()
    {
        var answers = new List<DnsClient.Protocol.DnsResourceRecord> { CName("a.test.", "b.test."), CName("b.test.", "a.test."), A("c.test.", "192.0.2.1") };

        Assert.Empty(CnameChain.AddressesFor("a.test", answers));
    }

    [Fact]
    public void AddressesFor_ChainLongerThanSixteenAliases_StopsFollowing()
    {
        var answers = Enumerable.Range(0, 20).Select(i => (DnsClient.Protocol.DnsResourceRecord)CName($"n{i}.test.", $"n{i + 1}.test.")).Append(A("n20.test.", "192.0.2.20")).ToList();

        Assert.Empty(CnameChain.AddressesFor("n0.test", answers));
        Assert.Equal([IPAddress.Parse("192.0.2.20")], CnameChain.AddressesFor("n5.test", answers));
    }
}
