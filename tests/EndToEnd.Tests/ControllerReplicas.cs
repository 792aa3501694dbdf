using System.Net;
using System.Text;
using HealthChecks.TestKit;

namespace HealthChecks.EndToEnd.Tests;

/// <summary>
/// Two controller processes out of cluster, as the chart runs them and as the demo does: leader
/// election on one Lease in <c>POD_NAMESPACE</c> (here the test namespace), each replica on its
/// own port, limited to that namespace. Each gives the checker pods it creates its own URL to
/// report to, so a run reports to the leader that started it (in a cluster the Service would
/// spread reports over the replicas; any replica stores any run's report).
/// </summary>
internal sealed class ControllerReplicas : IAsyncDisposable
{
    private ControllerReplicas(IReadOnlyList<Replica> all) => All = all;

    public IReadOnlyList<Replica> All { get; }

    /// <summary>The replicas whose process has not exited.</summary>
    public IEnumerable<Replica> Running => All.Where(r => !r.Process.Process.HasExited);

    /// <summary>A running replica's base URL (every replica serves the status page, metrics and report intake).</summary>
    public string Url => Running.FirstOrDefault()?.Url ?? throw new InvalidOperationException("no controller replica is running:\n" + Output);

    /// <summary>What every replica wrote, the last 4,000 characters of each.</summary>
    public string Output
    {
        get
        {
            var text = new StringBuilder();
            foreach (var replica in All)
            {
                var output = replica.Process.Output;
                text.Append("--- ").Append(replica.Name).Append(replica.Process.Process.HasExited ? " (exited)" : "").AppendLine(":")
                    .AppendLine(output.Length > 4000 ? output[^4000..] : output);
            }

            return text.ToString();
        }
    }

    public static async Task<ControllerReplicas> StartAsync(ControlPlaneFixture controlPlane, string @namespace, int count = 2)
    {
        var replicas = new List<Replica>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"controller-{i}";
                var port = FreePort.Tcp(IPAddress.Loopback);
                var config = Path.Combine(Path.GetTempPath(), $"hc-e2e-{Guid.NewGuid():N}.yaml");
                await File.WriteAllTextAsync(config, $"listenAddress: 127.0.0.1:{port}\n");
                var process = ControllerProcess.Start(
                    new Dictionary<string, string>
                    {
                        ["KUBECONFIG"] = controlPlane.Cluster.AdminKubeconfig,
                        ["POD_NAME"] = name,
                        ["POD_NAMESPACE"] = @namespace,
                        ["TARGET_NAMESPACE"] = @namespace,
                        ["KH_EXTERNAL_REPORTING_URL"] = $"http://127.0.0.1:{port}/externalCheckStatus",
                        ["CHECK_REAPER_RUN_INTERVAL"] = "5s",
                    },
                    "--config",
                    config);
                replicas.Add(new Replica(name, process, await process.UrlAsync()));
            }
        }
        catch
        {
            await new ControllerReplicas(replicas).DisposeAsync();
            throw;
        }

        return new ControllerReplicas(replicas);
    }

    /// <summary>The one running replica that says it leads on <c>/metrics</c> (waits for an election; fails on two).</summary>
    public Task<Replica> LeaderAsync(TimeSpan timeout) =>
        Eventually.GetAsync(
            async () =>
            {
                var leaders = new List<Replica>();
                foreach (var replica in Running)
                {
                    if (await replica.LeadsAsync())
                    {
                        leaders.Add(replica);
                    }
                }

                Assert.True(leaders.Count <= 1, $"two replicas lead at once: {string.Join(", ", leaders.Select(l => l.Name))}");
                return leaders.SingleOrDefault();
            },
            timeout,
            "one replica to lead (kuberhealthy_controller_leader 1)",
            TimeSpan.FromMilliseconds(250));

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in All)
        {
            await replica.Process.DisposeAsync();
        }
    }

    internal sealed record Replica(string Name, ControllerProcess Process, string Url)
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

        /// <summary>What this replica says on <c>/metrics</c>: 1 on the Lease holder.</summary>
        public async Task<bool> LeadsAsync() =>
            (await Http.GetStringAsync(Url + "/metrics")).Contains("\nkuberhealthy_controller_leader 1\n", StringComparison.Ordinal);

        public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(Url + path);

        public Task<HttpResponseMessage> PostAsync(string path, string? bearerToken = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Url + path);
            if (bearerToken is not null)
            {
                request.Headers.Authorization = new("Bearer", bearerToken);
            }

            return Http.SendAsync(request);
        }
    }
}
