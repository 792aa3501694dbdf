using HealthChecks.Kube;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

/// <summary>The wire forms the API server needs, as the official client writes them.</summary>
public sealed class ApiTimeTests
{
    private static readonly DateTimeOffset WholeSecond = new(2026, 1, 1, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public void LeaseRenewTime_AlwaysHasSixFractionalDigits()
    {
        Assert.Equal("{\"renewTime\":\"2026-01-01T10:00:05.000001Z\"}", KubernetesJson.Serialize(new V1LeaseSpec { RenewTime = ApiTime.Micro(WholeSecond) }));
        Assert.Equal("{\"renewTime\":\"2026-01-01T10:00:05.250000Z\"}", KubernetesJson.Serialize(new V1LeaseSpec { RenewTime = ApiTime.Micro(WholeSecond.AddMilliseconds(250)) }));
    }

    [Fact]
    public void StatusTimes_AreWholeSecondsInUtc()
    {
        var local = WholeSecond.AddMilliseconds(999).ToOffset(TimeSpan.FromHours(2));
        Assert.Equal("{\"startedAt\":\"2026-01-01T10:00:05Z\"}", KubernetesJson.Serialize(new V1ContainerStateRunning { StartedAt = ApiTime.Seconds(local) }));
        Assert.Equal(WholeSecond, ApiTime.FromApi(ApiTime.Seconds(local)));
    }
}
