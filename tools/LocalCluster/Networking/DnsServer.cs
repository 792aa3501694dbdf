using System.Diagnostics;
using HealthChecks.LocalCluster.Runtime;
using Microsoft.Extensions.Logging;

namespace HealthChecks.LocalCluster.Networking;

/// <summary>
/// Cluster DNS: a dnsmasq child process on the kube-dns ClusterIP (and the loopback address of
/// the kube-dns endpoint), authoritative for cluster.local (unknown names there are NXDOMAIN,
/// nothing is forwarded anywhere), answering from a hosts file of Services that is rewritten on
/// every Service change and reloaded with SIGHUP. If dnsmasq dies (e.g. its address is taken),
/// <c>fatal</c> stops the simulator: without DNS it cannot do its job.
/// </summary>
internal sealed partial class DnsServer(string directory, IReadOnlyList<string> listenAddresses, int port, Action<string> fatal, ILogger logger) : IAsyncDisposable
{
    private Process? _process;
    private const int MaxRestarts = 5;
    private bool _disposing;
    private int _restarts;
    private string? _hosts;

    public string HostsFile => Path.Combine(directory, "hosts");

    public bool Running => _process is { HasExited: false };

    public static IReadOnlyList<string> Arguments(string hostsFile, string pidFile, IEnumerable<string> listenAddresses, int port) =>
    [
        "--keep-in-foreground", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces",
        .. listenAddresses.Select(a => "--listen-address=" + a),
        "--port=" + port, "--pid-file=" + pidFile,
        // Stay root: a change of user or group would clear the parent-death signal that ties dnsmasq to the simulator.
        "--user=root", "--group=root",
        "--local=/" + DnsHosts.ClusterDomain + "/", "--domain-needed", "--local-ttl=5",
        "--addn-hosts=" + hostsFile, "--log-facility=-",
    ];

    /// <summary>Writes the hosts file (if it changed) and starts dnsmasq, or makes it reload.</summary>
    public void Update(string hostsText)
    {
        if (hostsText == _hosts && Running)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var temporary = HostsFile + ".tmp";
        File.WriteAllText(temporary, hostsText);
        File.Move(temporary, HostsFile, overwrite: true);
        _hosts = hostsText;
        if (Running)
        {
            // SIGHUP before dnsmasq has installed its handler kills it (exit 129, seen in CI when the
            // first Services arrived milliseconds after the start): wait until it wrote its pid
            // file, which it does after setting up its signals.
            WaitUntilStarted(TimeSpan.FromSeconds(5));
            Signals.Send(_process!.Id, Signals.Hangup);
            var names = hostsText.Count(c => c == '\n') - 1;
            Log.Reloaded(logger, names);
            return;
        }

        Start();
    }

    private string PidFile => Path.Combine(directory, "dnsmasq.pid");

    private void WaitUntilStarted(TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(PidFile) && Running && clock.Elapsed < limit)
        {
            Thread.Sleep(20);
        }
    }

    private void Start()
    {
        _process?.Dispose();
        File.Delete(PidFile); // a stale one would make WaitUntilStarted return at once
        // setpriv --pdeathsig: dnsmasq dies with the simulator, even when the simulator is SIGKILLed.
        var info = new ProcessStartInfo("setpriv")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardError = true, // with --log-facility=- dnsmasq logs here
        };
        foreach (var argument in (string[])["--pdeathsig", "KILL", "--", "dnsmasq", .. Arguments(HostsFile, PidFile, listenAddresses, port)])
        {
            info.ArgumentList.Add(argument);
        }

        _process = ProcessLauncher.Start(info);
        _process.StandardInput.Close();
        var started = _process;
        started.EnableRaisingEvents = true;
        started.Exited += (_, _) =>
        {
            if (_disposing)
            {
                return;
            }

            // Seen once at start-up in CI (exit code 129, nothing logged): one early exit must not
            // take the whole simulator down, but a dnsmasq that keeps dying is fatal.
            if (++_restarts <= MaxRestarts)
            {
                Log.Restarting(logger, started.ExitCode, _restarts, MaxRestarts);
                Thread.Sleep(TimeSpan.FromMilliseconds(200 * _restarts));
                if (!_disposing)
                {
                    Start();
                }

                return;
            }

            fatal($"dnsmasq exited with code {started.ExitCode} {_restarts} times; see {Path.Combine(directory, "dnsmasq.log")}");
        };
        var log = Path.Combine(directory, "dnsmasq.log");
        _ = CopyToFileAsync(_process.StandardError, log);
        var addresses = string.Join(", ", listenAddresses);
        Log.Started(logger, _process.Id, addresses, port);
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }

            process.Dispose();
        }
    }

    private static async Task CopyToFileAsync(StreamReader from, string file)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await File.AppendAllTextAsync(file, line + "\n").ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "dnsmasq started (pid {Pid}) on {Addresses} port {Port}")]
        public static partial void Started(ILogger logger, int pid, string addresses, int port);

        [LoggerMessage(EventId = 5403, Level = LogLevel.Warning, Message = "dnsmasq exited with code {ExitCode}; restarting it ({Restart} of {Max})")]
        public static partial void Restarting(ILogger logger, int exitCode, int restart, int max);

        [LoggerMessage(EventId = 5402, Level = LogLevel.Debug, Message = "dnsmasq reloaded: {Count} Service names")]
        public static partial void Reloaded(ILogger logger, int count);
    }
}
