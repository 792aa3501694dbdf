using System.Globalization;
using System.Net.Sockets;
using HealthChecks.LocalCluster.Runtime;
using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// Runs one probe attempt against a container, always on the pod's loopback address (never the
/// fake pod IP): httpGet (2xx/3xx is success), tcpSocket (connect), exec (exit 0, in a sandbox
/// like the container's own).
/// </summary>
internal sealed class ProbeRunner(HttpClient http)
{
    public async Task<bool> CheckAsync(V1Probe probe, V1Container container, string localIp, PodSandbox sandbox, IEnumerable<KeyValuePair<string, string>> environment, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1)));
        try
        {
            if (probe.HttpGet is { } get)
            {
                var port = PortOf(get.Port, container);
                var scheme = string.Equals(get.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{scheme}://{localIp}:{port}{get.Path ?? "/"}");
                foreach (var header in get.HttpHeaders ?? [])
                {
                    request.Headers.TryAddWithoutValidation(header.Name ?? "", header.Value);
                }

                using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                return (int)response.StatusCode is >= 200 and < 400;
            }

            if (probe.TcpSocket is { } tcp)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(localIp, PortOf(tcp.Port, container), timeout.Token).ConfigureAwait(false);
                return true;
            }

            if (probe.Exec is { Command: { Count: > 0 } command })
            {
                await using var run = ProcessRun.Start(SandboxCommand.For(sandbox.Script, "/dev/null", [.. command]), environment, sandbox.Directory);
                return await run.Exited.WaitAsync(timeout.Token).ConfigureAwait(false) == 0;
            }

            return true; // no handler we know (grpc): kubelet 1.20 would not run it either
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or OperationCanceledException or IOException or FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// A probe port: a number, or the name of one of the container's ports. The client keeps
    /// either as text; a port name always has a letter (IANA_SVC_NAME), so digits are a number.
    /// </summary>
    public static int PortOf(IntOrString? port, V1Container container) =>
        int.TryParse(port?.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : container.Ports?.FirstOrDefault(p => p.Name == port?.Value)?.ContainerPort
                ?? throw new FormatException($"container {container.Name} has no port named {port}");
}
