using HealthChecks.LocalCluster.Pods;
using k8s;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class ProbePortTests
{
    private static readonly V1Container Container = new()
    {
        Name = "web",
        Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8081 }, new V1ContainerPort { Name = "admin", ContainerPort = 9000 }],
    };

    [Theory]
    [InlineData("{\"port\":8080}", 8080)]
    [InlineData("{\"port\":\"http\"}", 8081)]
    [InlineData("{\"port\":\"admin\"}", 9000)]
    public void Port_IsANumberOrTheNameOfAContainerPort(string json, int expected) =>
        Assert.Equal(expected, ProbeRunner.PortOf(KubernetesJson.Deserialize<V1TCPSocketAction>(json).Port, Container));

    [Fact]
    public void UnknownPortName_IsAnError() =>
        Assert.Throws<FormatException>(() => ProbeRunner.PortOf("metrics", Container));
}
