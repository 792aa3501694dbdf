using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HealthChecks.Kube.Leadership;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Leadership;

public partial class LeaseLockTests
{
    private const string LeasePath = "/apis/coordination.k8s.io/v1/namespaces/healthchecks/leases/controller";

    private const string StoredLease = """
        {
          "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
          "metadata": { "name": "controller", "namespace": "healthchecks", "resourceVersion": "3141" },
          "spec": { "holderIdentity": "pod-a", "leaseDurationSeconds": 15,
            "acquireTime": "2024-04-25T13:00:00.000000Z", "renewTime": "2024-04-25T13:20:01.123456Z", "leaseTransitions": 4,
            "strategy": "OldestEmulationVersion", "preferredHolder": "pod-b" }
        }
        """;

    public static TheoryData<DateTimeOffset, string> RenewTimes => new()
    {
        { new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero), "2024-04-25T13:20:01.000001Z" },
        { new DateTimeOffset(2024, 4, 25, 13, 20, 1, 123, TimeSpan.Zero), "2024-04-25T13:20:01.123000Z" },
        { new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero).AddTicks(1234567), "2024-04-25T13:20:01.123456Z" },
        { new DateTimeOffset(2024, 4, 25, 15, 20, 1, 5, TimeSpan.FromHours(2)), "2024-04-25T13:20:01.005000Z" },
    };

    [Fact]
    public void MicroTime_WholeSecond_GetsOneMicrosecond()
    {
        var time = new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero);

        Assert.Equal(time.UtcDateTime.AddTicks(TimeSpan.TicksPerMicrosecond), ApiTime.Micro(time));
    }

    [Fact]
    public void MicroTime_FractionalSecondWithOffset_IsTheSameInstantInUtc()
    {
        var time = new DateTimeOffset(2024, 4, 25, 15, 20, 1, 5, TimeSpan.FromHours(2));

        var micro = ApiTime.Micro(time);

        Assert.Equal(new DateTime(2024, 4, 25, 13, 20, 1, 5, DateTimeKind.Utc), micro);
        Assert.Equal(DateTimeKind.Utc, micro.Kind);
    }

    [Fact]
    public void Seconds_FractionalSecond_IsCutToTheWholeSecond()
    {
        var time = new DateTimeOffset(2026, 1, 1, 10, 0, 5, 250, TimeSpan.FromHours(2));

        Assert.Equal(new DateTime(2026, 1, 1, 8, 0, 5, DateTimeKind.Utc), ApiTime.Seconds(time));
    }

    [Theory]
    [MemberData(nameof(RenewTimes))]
    public void MicroTime_SerializedByTheClient_HasExactlySixFractionalDigitsInUtc(DateTimeOffset time, string expected)
    {
        var lease = new V1Lease { Spec = new V1LeaseSpec { AcquireTime = ApiTime.Micro(time), RenewTime = ApiTime.Micro(time) } };

        var spec = JsonNode.Parse(KubernetesJson.Serialize(lease))!["spec"]!;

        Assert.Equal(expected, (string?)spec["acquireTime"]);
        Assert.Equal(expected, (string?)spec["renewTime"]);
        Assert.Matches(MicroTimePattern(), expected);
    }

    [Fact]
    public void WholeSecondTime_SerializedByTheClient_HasNoFraction()
    {
        // Why MicroTime exists: the API server (1.20) refuses a Lease time without six fractional digits.
        var lease = new V1Lease { Spec = new V1LeaseSpec { RenewTime = new DateTime(2024, 4, 25, 13, 20, 1, DateTimeKind.Utc) } };

        Assert.Equal("2024-04-25T13:20:01Z", (string?)JsonNode.Parse(KubernetesJson.Serialize(lease))!["spec"]!["renewTime"]);
    }

    [Fact]
    public async Task GetAsync_NoLease_ReturnsNull()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.NotFound, "NotFound"));
        using var client = FakeApi.Client(server);

        Assert.Null(await new LeaseLock(client, "healthchecks", "controller").GetAsync(CancellationToken.None));
        Assert.Equal(LeasePath, Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task GetAsync_Lease_ReadsTheRecordWithUtcTimes()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, StoredLease));
        using var client = FakeApi.Client(server);

        var record = await new LeaseLock(client, "healthchecks", "controller").GetAsync(CancellationToken.None);

        var renewed = new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero).AddTicks(1234560);
        Assert.Equal(new LeaderElectionRecord("pod-a", 15, new DateTimeOffset(2024, 4, 25, 13, 0, 0, TimeSpan.Zero), renewed, 4), record);
        Assert.Equal(TimeSpan.Zero, record?.RenewTime?.Offset);
    }

    [Fact]
    public async Task CreateAsync_Free_PostsALeaseWithMicroTimes()
    {
        await using var server = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(201, request.Body));
        using var client = FakeApi.Client(server);
        var now = new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero);

        Assert.True(await new LeaseLock(client, "healthchecks", "controller").CreateAsync(new LeaderElectionRecord("pod-a", 15, now, now, 0), CancellationToken.None));

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/apis/coordination.k8s.io/v1/namespaces/healthchecks/leases"), (request.Method, FakeApi.SplitQuery(request.Path).Path));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(("coordination.k8s.io/v1", "Lease", "controller", "healthchecks"), ((string?)body["apiVersion"], (string?)body["kind"], (string?)body["metadata"]!["name"], (string?)body["metadata"]!["namespace"]));
        Assert.Equal(("pod-a", 15, "2024-04-25T13:20:01.000001Z", 0), ((string?)body["spec"]!["holderIdentity"], (int?)body["spec"]!["leaseDurationSeconds"], (string?)body["spec"]!["renewTime"], (int?)body["spec"]!["leaseTransitions"]));
    }

    [Fact]
    public async Task CreateAsync_SomeoneCreatedItFirst_ReturnsFalse()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.Conflict, "AlreadyExists", "leases.coordination.k8s.io \"controller\" already exists"));
        using var client = FakeApi.Client(server);
        var now = DateTimeOffset.UtcNow;

        Assert.False(await new LeaseLock(client, "healthchecks", "controller").CreateAsync(new LeaderElectionRecord("pod-a", 15, now, now, 0), CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_AfterGet_PutsWithTheReadVersionKeepingOtherSpecFields()
    {
        await using var server = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(200, request.Method == "GET" ? StoredLease : request.Body));
        using var client = FakeApi.Client(server);
        var leaseLock = new LeaseLock(client, "healthchecks", "controller");
        var now = new DateTimeOffset(2024, 4, 25, 13, 21, 0, TimeSpan.Zero);
        await leaseLock.GetAsync(CancellationToken.None);

        Assert.True(await leaseLock.UpdateAsync(new LeaderElectionRecord(null, 1, now, now, 4), CancellationToken.None));

        var put = server.Requests[1];
        Assert.Equal(("PUT", LeasePath), (put.Method, FakeApi.SplitQuery(put.Path).Path));
        var body = JsonNode.Parse(put.Body)!;
        var spec = body["spec"]!;
        Assert.Equal("3141", (string?)body["metadata"]!["resourceVersion"]);
        Assert.Equal(("", 1, "2024-04-25T13:21:00.000001Z"), ((string?)spec["holderIdentity"], (int?)spec["leaseDurationSeconds"], (string?)spec["renewTime"]));
        Assert.Equal(("OldestEmulationVersion", "pod-b"), ((string?)spec["strategy"], (string?)spec["preferredHolder"]));
    }

    [Fact]
    public async Task UpdateAsync_ChangedSinceTheRead_ReturnsFalse()
    {
        await using var server = await LoopbackHttpServer.StartAsync((request, _) => request.Method == "GET"
            ? new CannedResponse(200, StoredLease)
            : FakeApi.Status(HttpStatusCode.Conflict, "Conflict", "the object has been modified"));
        using var client = FakeApi.Client(server);
        var leaseLock = new LeaseLock(client, "healthchecks", "controller");
        var now = DateTimeOffset.UtcNow;
        await leaseLock.GetAsync(CancellationToken.None);

        Assert.False(await leaseLock.UpdateAsync(new LeaderElectionRecord("pod-c", 15, now, now, 5), CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_WithoutARead_Throws()
    {
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var now = DateTimeOffset.UtcNow;

        await Assert.ThrowsAsync<InvalidOperationException>(() => new LeaseLock(client, "healthchecks", "controller").UpdateAsync(new LeaderElectionRecord("a", 15, now, now, 0), CancellationToken.None));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex MicroTimePattern();
}
