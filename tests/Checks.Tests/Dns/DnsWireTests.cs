using System.Net;
using HealthChecks.Checks.Dns.Resolution;
using HealthChecks.Checks.Dns.Wire;

namespace HealthChecks.Checks.Tests.Dns;

public sealed class DnsWireTests
{
    [Fact]
    public void Write_Query_HasHeaderAndLabels()
    {
        var query = DnsQueryWriter.Write(0xABCD, "kubernetes.default.", DnsRecordType.Aaaa);

        Assert.Equal(new byte[] { 0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 }, query[..12]);
        Assert.Equal(10, query[12]);
        Assert.Equal("kubernetes", System.Text.Encoding.ASCII.GetString(query, 13, 10));
        Assert.Equal(new byte[] { 0, 28, 0, 1 }, query[^4..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("this-label-is-far-too-long-for-dns-because-it-has-more-than-63-chars.test")]
    public void Write_InvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => DnsQueryWriter.Write(1, name, DnsRecordType.A));

    [Fact]
    public void Parse_CompressedCnameChain_FollowsToTheAddress()
    {
        // Question www.example.test; answers: www -> CNAME web (pointer), web A 192.0.2.7.
        var message = new List<byte> { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0 };
        message.AddRange([3, .. "www"u8, 7, .. "example"u8, 4, .. "test"u8, 0, 0, 1, 0, 1]);
        message.AddRange([0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, .. "web"u8, 0xC0, 16]);
        message.AddRange([0xC0, (byte)(12 + 4 + 8 + 5 + 1 + 4 + 12), 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);

        var response = DnsResponse.Parse(message.ToArray());

        Assert.Equal("www.example.test", response.QuestionName);
        Assert.Equal("web.example.test", response.Answers[0].Target);
        Assert.Equal("web.example.test", response.Answers[1].Name);
        Assert.Equal([IPAddress.Parse("192.0.2.7")], DirectResolver.AddressesFor("www.example.test", response));
        Assert.Empty(DirectResolver.AddressesFor("other.example.test", response));
    }

    [Fact]
    public void Parse_PointerLoop_IsMalformed()
    {
        byte[] message = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        Assert.Throws<FormatException>(() => DnsResponse.Parse(message));
    }

    [Fact]
    public void Parse_Short_IsMalformed() => Assert.Throws<FormatException>(() => DnsResponse.Parse(new byte[5]));

    [Fact]
    public void Combine_OneQueryAnswersTheOtherTimesOut_IsResolved()
    {
        var answered = DnsExchange.Answered(new DnsResponse(1, true, false, DnsResponseCode.NoError, "a.test", DnsRecordType.A, [new DnsResourceRecord("a.test", DnsRecordType.A, 5, IPAddress.Parse("10.0.0.1"), null)]), false);

        var result = DirectResolver.Combine("a.test", [answered, DnsExchange.Timeout(false)], TimeSpan.FromSeconds(1));

        Assert.True(result.IsResolved);
    }

    [Fact]
    public void Combine_NxdomainAndServfail_ReportsTheServerFailure()
    {
        var nx = DnsExchange.Answered(new DnsResponse(1, true, false, DnsResponseCode.NameError, "a.test", DnsRecordType.A, []), false);
        var servfail = DnsExchange.Answered(new DnsResponse(2, true, false, DnsResponseCode.ServerFailure, "a.test", DnsRecordType.Aaaa, []), false);

        Assert.Equal(DnsLookupStatus.ServerFailure, DirectResolver.Combine("a.test", [nx, servfail], TimeSpan.FromSeconds(1)).Status);
    }
}
