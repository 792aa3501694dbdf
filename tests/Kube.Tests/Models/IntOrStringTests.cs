using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Tests.Models;

public class IntOrStringTests
{
    [Theory]
    [InlineData("8080")]
    [InlineData("\"http\"")]
    public void Serialize_ServiceTargetPort_KeepsNumberOrString(string targetPort)
    {
        var json = $$"""{ "metadata": { "name": "web" }, "spec": { "ports": [ { "port": 80, "targetPort": {{targetPort}} } ] } }""";

        var written = ModelJson.Write(ModelJson.Read<V1Service>(json));

        ModelJson.AssertJsonEqual(ModelJson.Parse(json), written);
    }

    [Fact]
    public void Deserialize_ServiceTargetPort_TellsNumberFromName()
    {
        var service = ModelJson.Read<V1Service>(CoreSamples.Service);

        var ports = service.Spec!.Ports!;
        Assert.Equal("http", ports[0].TargetPort?.StringValue);
        Assert.Null(ports[0].TargetPort?.IntValue);
        Assert.Equal(9090, ports[1].TargetPort?.IntValue);
        Assert.Null(ports[1].TargetPort?.StringValue);
    }

    [Fact]
    public void Deserialize_RollingUpdate_ReadsPercentAndNumber()
    {
        var deployment = ModelJson.Read<V1Deployment>(AppsSamples.Deployment);

        var rollingUpdate = deployment.Spec?.Strategy?.RollingUpdate;
        Assert.Equal("25%", rollingUpdate?.MaxUnavailable?.StringValue);
        Assert.Equal(1, rollingUpdate?.MaxSurge?.IntValue);
    }

    [Fact]
    public void Serialize_ProbePortsBuiltInCode_WriteNumberOrName()
    {
        var container = new V1Container
        {
            LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = "http" } },
            ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 8080 } },
        };

        ModelJson.AssertJsonEqual(
            ModelJson.Parse("""
                { "livenessProbe": { "httpGet": { "path": "/healthz", "port": "http" } },
                  "readinessProbe": { "tcpSocket": { "port": 8080 } } }
                """),
            ModelJson.Write(container));
    }
}
