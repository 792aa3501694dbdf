using k8s.Models;

namespace HealthChecks.Kube.Tests.Models;

public class IntOrStringContractTests
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

        // One type for both: a name is a value that is not a number (port names must contain a letter).
        var ports = service.Spec.Ports;
        Assert.Equal("http", ports[0].TargetPort.Value);
        Assert.False(int.TryParse(ports[0].TargetPort.Value, out _));
        Assert.Equal("9090", ports[1].TargetPort.Value);
        Assert.Equal(9090, ports[1].TargetPort.ToInt());
    }

    [Fact]
    public void Deserialize_RollingUpdate_ReadsPercentAndNumber()
    {
        var deployment = ModelJson.Read<V1Deployment>(AppsSamples.Deployment);

        var rollingUpdate = deployment.Spec?.Strategy?.RollingUpdate;
        Assert.Equal("25%", rollingUpdate?.MaxUnavailable?.Value);
        Assert.Equal(1, rollingUpdate?.MaxSurge?.ToInt());
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

    [Fact]
    public void Serialize_NumericString_IsWrittenAsANumber()
    {
        // The client cannot tell "8080" from 8080 once read; it writes the number, which the API
        // server reads as the same port.
        var port = new V1ServicePort { Port = 80, TargetPort = "8080" };

        ModelJson.AssertJsonEqual(ModelJson.Parse("""{ "port": 80, "targetPort": 8080 }"""), ModelJson.Write(port));
    }
}
