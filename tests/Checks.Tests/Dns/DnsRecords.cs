using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>DnsClient's answer records, made directly, for the pure logic over them.</summary>
internal static class DnsRecords
{
    public static ARecord A(string name, string address) =>
        new(new ResourceRecordInfo(name, ResourceRecordType.A, QueryClass.IN, 60, 4), IPAddress.Parse(address));

    public static AaaaRecord Aaaa(string name, string address) =>
        new(new ResourceRecordInfo(name, ResourceRecordType.AAAA, QueryClass.IN, 60, 16), IPAddress.Parse(address));

    public static CNameRecord CName(string name, string target) =>
        new(new ResourceRecordInfo(name, ResourceRecordType.CNAME, QueryClass.IN, 60, target.Length + 2), DnsString.Parse(target));
}
