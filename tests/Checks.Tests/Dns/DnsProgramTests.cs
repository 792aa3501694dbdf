using System.Text.Json;
using HealthChecks.Kube;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>The DNS program as a process: node age read from the real API server, names resolved by a real dnsmasq.</summary>
[Collection(ControlPlaneGroup.Name)]
public sealed class DnsProgramTests(ControlPlaneFixture fixture)
{
    [Theory]
    [InlineData(DnsmasqServer.Present, true)]
    [InlineData("missing.health.test", false)]
    public async Task Program_DnsServerMode_ReportsTheAnswer(string host, bool ok)
    {
        var node = "t-dnsproc-" + Guid.NewGuid().ToString("N")[..6];
        // From the node's creation: its age counts from then (whole seconds), whatever starting dnsmasq costs.
        var started = DateTime.UtcNow;
        await fixture.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = node } });
        try
        {
            await using var dnsmasq = await DnsmasqServer.StartAsync();
            await using var controller = await LoopbackHttpServer.StartAsync((request, _) => new CannedResponse(request.Method == "POST" ? 200 : 400));

            var result = await CheckProgram.RunAsync(
                "Dns",
                controller.Url("/externalCheckStatus"),
                DateTimeOffset.UtcNow.AddSeconds(60),
                new Dictionary<string, string>
                {
                    ["KUBECONFIG"] = fixture.Cluster.AdminKubeconfig,
                    ["HOSTNAME"] = host,
                    ["NODE_NAME"] = node,
                    ["NODE_MIN_AGE"] = "2s",
                    ["DNS_SERVER"] = dnsmasq.Endpoint.ToString(),
                },
                TimeSpan.FromSeconds(60));

            Assert.Equal(ok ? 0 : 1, result.ExitCode);
            using var body = JsonDocument.Parse(Assert.Single(controller.Requests, r => r.Method == "POST").Body);
            Assert.Equal(ok, body.RootElement.GetProperty("OK").GetBoolean());
            Assert.Contains("Waited 00:00:0", result.StandardOutput, StringComparison.Ordinal); // the node-age wait ran
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1), "did not wait for the node's age");
        }
        finally
        {
            await fixture.Client.CoreV1.DeleteNodeAsync(node).ExceptNotFound();
        }
    }
}
