using System.Globalization;
using System.Net;
using HealthChecks.TestKit;

namespace HealthChecks.Faults.Tests;

/// <summary>
/// One controller replica: a process (started again after a test killed it, with the same
/// identity, port and proxy), its own TCP fault proxy to the API server and a kubeconfig that
/// points there. Keeps what became of every process it ran, so a test can tell a replica that
/// died by itself from one it stopped on purpose.
/// </summary>
internal sealed class Replica : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _config;
    private readonly List<string> _exits = [];
    private readonly System.Text.StringBuilder _earlier = new();
    private bool _stoppedOnPurpose;

    public Replica(string identity, int port, TcpFaultProxy apiProxy, string kubeconfig, string @namespace, string reportingUrl, string directory)
    {
        Identity = identity;
        ApiProxy = apiProxy;
        Port = port;
        _config = Path.Combine(directory, identity + ".yaml");
        File.WriteAllText(_config, $"listenAddress: 127.0.0.1:{Port}\n");
        _environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["POD_NAME"] = identity,
            ["POD_NAMESPACE"] = @namespace,
            ["TARGET_NAMESPACE"] = @namespace,
            ["KH_EXTERNAL_REPORTING_URL"] = reportingUrl,
            ["CHECK_REAPER_RUN_INTERVAL"] = "10s",
        };
    }

    public string Identity { get; }

    /// <summary>The proxy between this replica and the API server.</summary>
    public TcpFaultProxy ApiProxy { get; }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public string Url => $"http://127.0.0.1:{Port}";

    public ControllerProcess? Process { get; private set; }

    public bool Alive => Process is { Process.HasExited: false };

    /// <summary>Processes of this replica that ended without the test asking, with their exit codes and output tails.</summary>
    public IReadOnlyList<string> UnexpectedExits
    {
        get
        {
            var exits = new List<string>(_exits);
            if (Process is { Process.HasExited: true } ended && !_stoppedOnPurpose)
            {
                exits.Add(Describe(ended));
            }

            return exits;
        }
    }

    /// <summary>Every line the current process wrote (bounded).</summary>
    public string Output => Process?.Output ?? "";

    /// <summary>What every process of this replica wrote, oldest first.</summary>
    public string History => _earlier + Output;

    public async Task StartAsync()
    {
        if (Process is { } previous)
        {
            if (previous.Process.HasExited && !_stoppedOnPurpose)
            {
                _exits.Add(Describe(previous));
            }

            _earlier.AppendLine(previous.Output).AppendLine(CultureInfo.InvariantCulture, $"--- process {previous.Process.Id} ended; {Identity} started again ---");
            await previous.DisposeAsync();
        }

        _stoppedOnPurpose = false;
        Process = ControllerProcess.Start(_environment, "--config", _config);
        await Process.UrlAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: no shutdown, no Lease release.</summary>
    public async Task KillAsync()
    {
        _stoppedOnPurpose = true;
        var process = Process!.Process;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM, as the kubelet does; returns the exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout)
    {
        _stoppedOnPurpose = true;
        return Process!.TerminateAsync(timeout);
    }

    /// <summary>Starts the process again if it is not running (after a test stopped it, or it died).</summary>
    public async Task EnsureRunningAsync()
    {
        if (!Alive)
        {
            await StartAsync();
        }
    }

    /// <summary>The last lines of the current process's output, for a failure message.</summary>
    public string Tail(int chars = 6000)
    {
        var output = Output;
        return output.Length > chars ? output[^chars..] : output;
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        await ApiProxy.DisposeAsync();
    }

    private static string Describe(ControllerProcess ended)
    {
        var output = ended.Output;
        return $"exit code {ended.Process.ExitCode.ToString(CultureInfo.InvariantCulture)}; last output:\n{(output.Length > 6000 ? output[^6000..] : output)}";
    }
}
