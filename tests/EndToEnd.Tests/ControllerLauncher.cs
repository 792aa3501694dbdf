using System.Net;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>Starts the controller as a process out of cluster, as the demo does, standalone and limited to one namespace.</summary>
internal static class ControllerLauncher
{
    /// <returns>The process and its base URL (<c>http://127.0.0.1:port</c>).</returns>
    public static async Task<(ControllerProcess Process, string Url)> StartAsync(ControlPlaneFixture controlPlane, string @namespace)
    {
        var port = FreePort.Tcp(IPAddress.Loopback);
        var config = Path.Combine(Path.GetTempPath(), $"hc-e2e-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, $"listenAddress: 127.0.0.1:{port}\n");
        var process = ControllerProcess.Start(
            new Dictionary<string, string>
            {
                ["KUBECONFIG"] = controlPlane.Cluster.AdminKubeconfig,
                ["POD_NAMESPACE"] = @namespace,
                ["TARGET_NAMESPACE"] = @namespace,
                ["KH_EXTERNAL_REPORTING_URL"] = $"http://127.0.0.1:{port}/externalCheckStatus",
                ["CHECK_REAPER_RUN_INTERVAL"] = "5s",
            },
            "--single",
            "--config",
            config);
        return (process, await process.UrlAsync());
    }
}
