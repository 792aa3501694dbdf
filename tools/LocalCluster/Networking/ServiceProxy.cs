using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace HealthChecks.LocalCluster.Networking;

/// <summary>
/// kube-proxy for loopback ClusterIPs: listens on every Service's ClusterIP:port (TCP) and
/// forwards each connection to a ready endpoint's pod loopback address (pod IP 10.244.a.b →
/// 127.P.a.b, see <see cref="NetworkLayout"/>), round robin. The <c>kubernetes</c> Service goes to the API server. With no
/// ready endpoint the connection is reset at once. If the <c>kubernetes</c> Service's address is
/// taken, <c>fatal</c> stops the simulator: its pods could not reach the API server.
/// </summary>
internal sealed partial class ServiceProxy(Uri apiServer, string dnsService, NetworkLayout network, Action<string> fatal, ILogger logger) : IAsyncDisposable
{
    private const string KubernetesService = "default/kubernetes";

    private readonly Lock _lock = new();
    private readonly Dictionary<ServiceListenerKey, Listener> _listeners = [];
    private readonly ConcurrentDictionary<string, V1Endpoints> _endpoints = new(StringComparer.Ordinal);
    private int _roundRobin;

    public int ListenerCount
    {
        get
        {
            lock (_lock)
            {
                return _listeners.Count;
            }
        }
    }

    public void SetEndpoints(V1Endpoints endpoints) => _endpoints[KeyOf(endpoints)] = endpoints;

    public void RemoveEndpoints(V1Endpoints endpoints) => _endpoints.TryRemove(KeyOf(endpoints), out _);

    /// <summary>Opens listeners for new Service ports and closes those of Services that are gone.</summary>
    public void SetServices(IEnumerable<V1Service> services)
    {
        var desired = ServiceBackends.Listeners(services).Where(l => l.Service != dnsService).ToDictionary(l => l.Key);
        lock (_lock)
        {
            foreach (var key in _listeners.Keys.Where(k => !desired.ContainsKey(k)).ToList())
            {
                _listeners.Remove(key, out var gone);
                gone!.Stop();
            }

            foreach (var (key, (_, service, portName)) in desired)
            {
                if (_listeners.TryGetValue(key, out var existing))
                {
                    existing.Service = service;
                    existing.PortName = portName;
                    continue;
                }

                var listener = new TcpListener(IPAddress.Parse(key.ClusterIp), key.Port);
                try
                {
                    listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    listener.Start();
                }
                catch (SocketException ex)
                {
                    listener.Dispose();
                    Log.BindFailed(logger, service, key.ClusterIp, key.Port, ex.SocketErrorCode);
                    if (service == KubernetesService)
                    {
                        fatal($"cannot listen on {key.ClusterIp}:{key.Port} for the kubernetes Service ({ex.SocketErrorCode})");
                    }

                    continue;
                }

                var entry = new Listener(listener, service, portName);
                _listeners[key] = entry;
                _ = AcceptLoopAsync(entry);
                Log.Listening(logger, service, key.ClusterIp, key.Port);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            foreach (var listener in _listeners.Values)
            {
                listener.Stop();
            }

            _listeners.Clear();
        }

        return ValueTask.CompletedTask;
    }

    private static string KeyOf(V1Endpoints endpoints) => $"{endpoints.Metadata.NamespaceProperty}/{endpoints.Metadata.Name}";

    // Where a new connection goes: the API server for `kubernetes`, else a ready endpoint's pod loopback address.
    private DnsEndPoint? PickTarget(Listener listener)
    {
        if (listener.Service == KubernetesService)
        {
            return new DnsEndPoint(apiServer.Host, apiServer.Port);
        }

        var targets = ServiceBackends.ReadyTargets(_endpoints.GetValueOrDefault(listener.Service), listener.PortName)
            .Select(t => (Local: network.LocalAddressOf(t.Ip), t.Port))
            .Where(t => t.Local is not null)
            .ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        var pick = targets[(int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)targets.Count)];
        return new DnsEndPoint(pick.Local!, pick.Port);
    }

    private async Task AcceptLoopAsync(Listener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.Socket.AcceptSocketAsync(listener.Stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(listener, client);
        }
    }

    private async Task ForwardAsync(Listener listener, Socket client)
    {
        using (client)
        {
            var target = PickTarget(listener);
            if (target is null)
            {
                Reset(client);
                return;
            }

            using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var connect = CancellationTokenSource.CreateLinkedTokenSource(listener.Stopping.Token);
                connect.CancelAfter(TimeSpan.FromSeconds(5));
                await upstream.ConnectAsync(target, connect.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                Reset(client);
                return;
            }

            using var clientStream = new NetworkStream(client, ownsSocket: false);
            using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAll(PumpAsync(clientStream, upstream, upstreamStream), PumpAsync(upstreamStream, client, clientStream)).ConfigureAwait(false);
        }
    }

    // Copies one direction, then half-closes the other side so the peer sees the end of the stream.
    private static async Task PumpAsync(NetworkStream from, Socket toSocket, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to).ConfigureAwait(false);
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // One side went away; the other pump ends too.
        }
    }

    private static void Reset(Socket client)
    {
        client.LingerState = new LingerOption(true, 0); // close with RST, as a REJECT rule would answer
        client.Close();
    }

    private sealed class Listener(TcpListener socket, string service, string? portName)
    {
        public TcpListener Socket { get; } = socket;

        public CancellationTokenSource Stopping { get; } = new();

        public string Service { get; set; } = service;

        public string? PortName { get; set; } = portName;

        public void Stop()
        {
            // The token source is not disposed: connections in flight still link to it.
            Stopping.Cancel();
            Socket.Stop();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Service {Service}: listening on {Ip}:{Port}")]
        public static partial void Listening(ILogger logger, string service, string ip, int port);

        [LoggerMessage(EventId = 5302, Level = LogLevel.Error, Message = "Service {Service}: cannot listen on {Ip}:{Port} ({Error}); is another simulated cluster running on this machine?")]
        public static partial void BindFailed(ILogger logger, string service, string ip, int port, SocketError error);
    }
}
