using k8s.Models;

namespace HealthChecks.Kube.Tests.Models;

public class LeaseContractTests
{
    [Fact]
    public void Deserialize_MicroTime_KeepsMicroseconds()
    {
        var lease = ModelJson.Read<V1Lease>(OtherSamples.Lease);

        Assert.Equal(new DateTime(2024, 4, 25, 13, 20, 1, DateTimeKind.Utc).AddTicks(1234560), lease.Spec?.RenewTime);
        Assert.Equal(new DateTime(2024, 4, 25, 13, 0, 0, 250, DateTimeKind.Utc), lease.Spec?.AcquireTime);
        Assert.Equal("healthchecks-7c9d-abcde", lease.Spec?.HolderIdentity);
        Assert.Equal(15, lease.Spec?.LeaseDurationSeconds);
        Assert.Equal(4, lease.Spec?.LeaseTransitions);
    }

    [Fact]
    public void Deserialize_MicroTimeWithNanoseconds_ReadsIt()
    {
        var lease = ModelJson.Read<V1Lease>("""{ "spec": { "renewTime": "2024-04-25T13:20:01.123456789Z" } }""");

        // .NET keeps 100 ns ticks: the client cuts the nanoseconds to a tick (our old reader rounded).
        Assert.Equal(new DateTime(2024, 4, 25, 13, 20, 1, DateTimeKind.Utc).AddTicks(1234567), lease.Spec?.RenewTime);
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

    [Fact]
    public void Serialize_WholeSecondMicroTimeReadBack_LosesTheFractionTheServerNeeds()
    {
        // A Lease time on a whole second comes back from the API server as ".000000Z" and goes out
        // without a fraction, which the 1.20 API server refuses for MicroTime: whoever writes a
        // Lease stamps its times through ApiTime.Micro first.
        var lease = ModelJson.Read<V1Lease>("""{ "spec": { "holderIdentity": "node-1", "renewTime": "2024-04-25T13:20:01.000000Z" } }""");

        Assert.Equal("2024-04-25T13:20:01Z", (string?)ModelJson.Parse(ModelJson.Write(lease))["spec"]!["renewTime"]);
    }
}
