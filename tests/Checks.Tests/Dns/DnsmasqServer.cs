using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>
/// A real dnsmasq on 127.0.0.1 and a free port, with a zone of its own (health.test):
/// <c>api</c> (A and AAAA), <c>alias</c> (CNAME to api), <c>txt</c> (TXT only: no address),
/// <c>big</c> (60 A records: truncated over UDP) and NXDOMAIN for anything else in the zone;
/// names outside it are REFUSED. Killed on dispose.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    public const string Present = "api.health.test";
    public const string Alias = "alias.health.test";
    public const string AddressLess = "txt.health.test";
    public const string Big = "big.health.test";
    public const int BigCount = 60;
    public static readonly IPAddress PresentV4 = IPAddress.Parse("10.0.0.5");
    public static readonly IPAddress PresentV6 = IPAddress.Parse("fd00::5");

    private readonly Process _process;
    private readonly string _folder;

    private DnsmasqServer(Process process, string folder, IPEndPoint endpoint)
    {
        _process = process;
        _folder = folder;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public static async Task<DnsmasqServer> StartAsync(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var folder = Directory.CreateTempSubdirectory("hc-dnsmasq-").FullName;
        await File.WriteAllLinesAsync(Path.Combine(folder, "hosts"), Enumerable.Range(1, BigCount).Select(i => $"10.1.0.{i} {Big}"));
        var port = FreePort.UdpAndTcp(address);
        var info = new ProcessStartInfo("dnsmasq") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "-k", "--no-resolv", "--no-hosts", "--bind-interfaces", $"--listen-address={address}", $"--port={port}",
            $"--pid-file={folder}/pid", "--local=/health.test/", "--local-ttl=5",
            $"--host-record={Present},{PresentV4},{PresentV6}", $"--cname={Alias},{Present}",
            $"--txt-record={AddressLess},hello", $"--addn-hosts={folder}/hosts",
        })
        {
            info.ArgumentList.Add(argument);
        }

        if (Environment.UserName == "root")
        {
            info.ArgumentList.Add("--user=root"); // stay able to read the test's files
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dnsmasq");
        var server = new DnsmasqServer(process, folder, new IPEndPoint(address, port));
        await server.WaitUntilAnsweringAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitUntilAnsweringAsync()
    {
        // Any datagram back means it is serving; bounded to 10 s.
        byte[] query = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'a', (byte)'p', (byte)'i', 6, (byte)'h', (byte)'e', (byte)'a', (byte)'l', (byte)'t', (byte)'h', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0, 0, 1, 0, 1];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dnsmasq exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            }

            using var udp = new UdpClient(Endpoint.AddressFamily);
            await udp.SendAsync(query, Endpoint);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                await udp.ReceiveAsync(wait.Token);
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }

        throw new TimeoutException($"dnsmasq on {Endpoint} did not answer within 10 s");
    }
}
