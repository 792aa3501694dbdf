using System.Diagnostics;
using System.Net;
using DnsClient;
using HealthChecks.Checks.Dns.Resolution;
using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests.Dns;

/// <summary>
/// A real dnsmasq on 127.0.0.1 and a free port, with a zone of its own (health.test):
/// <c>api</c> (A and AAAA), <c>v4</c> (A only), <c>v6</c> (AAAA only), <c>alias</c> (CNAME to api),
/// <c>chain</c> (CNAME to alias), <c>txt</c> (TXT only: no address), <c>big</c> (60 A records:
/// truncated over UDP) and NXDOMAIN for anything else in the zone; names outside it are REFUSED.
/// Or (<see cref="StartValidatingAsync"/>) a DNSSEC-validating dnsmasq in front of such a one.
/// Killed on dispose.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    public const string Present = "api.health.test";
    public const string V4Only = "v4.health.test";
    public const string V6Only = "v6.health.test";
    public const string Alias = "alias.health.test";
    public const string Chain = "chain.health.test";
    public const string AddressLess = "txt.health.test";
    public const string Big = "big.health.test";
    public const int BigCount = 60;
    public static readonly IPAddress PresentV4 = IPAddress.Parse("10.0.0.5");
    public static readonly IPAddress PresentV6 = IPAddress.Parse("fd00::5");
    public static readonly IPAddress V4OnlyAddress = IPAddress.Parse("10.0.0.4");
    public static readonly IPAddress V6OnlyAddress = IPAddress.Parse("fd00::6");

    // The root's real trust anchor (KSK-2017). Any anchor would do: the upstream signs nothing, so
    // every answer it gives is bogus and the validating dnsmasq answers SERVFAIL.
    private const string RootTrustAnchor = ".,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

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
        var folder = Directory.CreateTempSubdirectory("hc-dnsmasq-").FullName;
        await File.WriteAllLinesAsync(Path.Combine(folder, "hosts"), Enumerable.Range(1, BigCount).Select(i => $"10.1.0.{i} {Big}"));
        return await StartAsync(address ?? IPAddress.Loopback, folder,
        [
            "--local=/health.test/", "--local-ttl=5",
            $"--host-record={Present},{PresentV4},{PresentV6}", $"--host-record={V4Only},{V4OnlyAddress}", $"--host-record={V6Only},{V6OnlyAddress}",
            $"--cname={Alias},{Present}", $"--cname={Chain},{Alias}",
            $"--txt-record={AddressLess},hello", $"--addn-hosts={folder}/hosts",
        ]);
    }

    /// <summary>A dnsmasq that validates DNSSEC and forwards everything to <paramref name="upstream"/>: a real SERVFAIL for every name.</summary>
    public static async Task<DnsmasqServer> StartValidatingAsync(DnsmasqServer upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var folder = Directory.CreateTempSubdirectory("hc-dnsmasq-").FullName;
        return await StartAsync(IPAddress.Loopback, folder, ["--dnssec", $"--trust-anchor={RootTrustAnchor}", $"--server={upstream.Endpoint.Address}#{upstream.Endpoint.Port}"]);
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

    private static async Task<DnsmasqServer> StartAsync(IPAddress address, string folder, IEnumerable<string> zone)
    {
        var port = FreePort.UdpAndTcp(address);
        var info = new ProcessStartInfo("dnsmasq") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-k", "--no-resolv", "--no-hosts", "--bind-interfaces", $"--listen-address={address}", $"--port={port}", $"--pid-file={folder}/pid" }.Concat(zone))
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

    private async Task WaitUntilAnsweringAsync()
    {
        // Any response, whatever its RCODE, means it is serving; 100 tries of at most 150 ms, so bounded to 15 s.
        var probe = new DnsServerQuery(Endpoint, TimeSpan.FromMilliseconds(100), attempts: 1);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dnsmasq exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            }

            if ((await probe.QueryAsync(Present, QueryType.A, default)).ResponseCode is not null)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"dnsmasq on {Endpoint} did not answer within 15 s");
    }
}
