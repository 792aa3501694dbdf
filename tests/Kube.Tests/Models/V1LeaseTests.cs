using System.Text.RegularExpressions;
using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Tests.Models;

public partial class V1LeaseTests
{
    public static TheoryData<DateTimeOffset, string> RenewTimes => new()
    {
        { new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero), "2024-04-25T13:20:01.000000Z" },
        { new DateTimeOffset(2024, 4, 25, 13, 20, 1, 123, TimeSpan.Zero), "2024-04-25T13:20:01.123000Z" },
        { new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero).AddTicks(1234567), "2024-04-25T13:20:01.123456Z" },
        { new DateTimeOffset(2024, 4, 25, 15, 20, 1, 5, TimeSpan.FromHours(2)), "2024-04-25T13:20:01.005000Z" },
    };

    [Theory]
    [MemberData(nameof(RenewTimes))]
    public void Serialize_LeaseTimes_WriteExactlySixFractionalDigitsInUtc(DateTimeOffset time, string expected)
    {
        var lease = new V1Lease { Spec = new V1LeaseSpec { AcquireTime = time, RenewTime = time } };

        var written = ModelJson.Write(lease);

        var spec = ModelJson.Parse(written)["spec"]!;
        Assert.Equal(expected, spec["acquireTime"]!.GetValue<string>());
        Assert.Equal(expected, spec["renewTime"]!.GetValue<string>());
        Assert.Matches(MicroTimePattern(), expected);
    }

    [Fact]
    public void Deserialize_MicroTime_KeepsMicroseconds()
    {
        var lease = ModelJson.Read<V1Lease>(OtherSamples.Lease);

        var expected = new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero).AddTicks(1234560);
        Assert.Equal(expected, lease.Spec?.RenewTime);
        Assert.Equal("healthchecks-7c9d-abcde", lease.Spec?.HolderIdentity);
        Assert.Equal(15, lease.Spec?.LeaseDurationSeconds);
        Assert.Equal(4, lease.Spec?.LeaseTransitions);
    }

    [Fact]
    public void Deserialize_MicroTimeWithNanoseconds_ReadsIt()
    {
        var lease = ModelJson.Read<V1Lease>("""{ "spec": { "renewTime": "2024-04-25T13:20:01.123456789Z" } }""");

        // .NET keeps 100 ns ticks: the nanoseconds round to the nearest tick.
        var expected = new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero).AddTicks(1234568);
        Assert.Equal(expected, lease.Spec?.RenewTime);
    }

    [Fact]
    public void Serialize_LeaseWithoutTimes_OmitsThem()
    {
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = "leader", NamespaceProperty = "healthchecks" },
            Spec = new V1LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15 },
        };

        ModelJson.AssertJsonEqual(
            ModelJson.Parse("""
                { "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": { "name": "leader", "namespace": "healthchecks" },
                  "spec": { "holderIdentity": "me", "leaseDurationSeconds": 15 } }
                """),
            ModelJson.Write(lease));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex MicroTimePattern();
}
