using HealthChecks.LocalCluster.Simulation;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Defaults()
    {
        var options = SimulatorOptions.Parse(["--state", "/s"]);
        Assert.Equal(["sim-node-1", "sim-node-2", "sim-node-3"], options.NodeNames());
        Assert.True(options.Services);
        Assert.True(options.Dns);
        Assert.Equal(53, options.DnsPort);
        Assert.Equal("127.96.0.10", options.Network.ClusterDnsIp);
    }

    [Fact]
    public void LabelsAndTaints_ForAllNodesOrOne()
    {
        var options = SimulatorOptions.Parse(["--state", "/s", "--nodes", "2", "--node-prefix", "n", "--node-label", "zone=a", "--node-label", "n-2@zone=b",
            "--node-taint", "n-1@dedicated=x:NoSchedule", "--node-taint", "maint:NoExecute", "--no-services", "--no-dns"]);
        var nodes = options.NodeDefinitions();
        Assert.Equal("a", nodes[0].Labels["zone"]);
        Assert.Equal("b", nodes[1].Labels["zone"]);
        Assert.Equal(["dedicated", "maint"], nodes[0].Taints.Select(t => t.Key));
        Assert.Equal("x", nodes[0].Taints[0].Value);
        Assert.Null(Assert.Single(nodes[1].Taints).Value);
        Assert.Equal(["127.100.255.1", "127.100.255.2"], nodes.Select(n => n.InternalIp));
        Assert.False(options.Services);
        Assert.False(options.Dns);
    }

    [Theory]
    [InlineData("--nodes", "0")]
    [InlineData("--nodes", "x")]
    [InlineData("--node-label", "novalue")]
    [InlineData("--node-taint", "k=v:Sometimes")]
    [InlineData("--node-label", "sim-node-9@a=b")]
    [InlineData("--bogus", "1")]
    [InlineData("--service-cidr", "10.96.0.0/16")]
    [InlineData("--pod-local-cidr", "127.96.0.0/16")]
    public void BadInput_IsRefused(string option, string value) =>
        Assert.Throws<FormatException>(() => SimulatorOptions.Parse(["--state", "/s", option, value]));

    [Fact]
    public void State_IsRequired() => Assert.Throws<FormatException>(() => SimulatorOptions.Parse(["--nodes", "1"]));
}
