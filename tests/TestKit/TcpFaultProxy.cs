using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HealthChecks.TestKit;

/// <summary>
/// A loopback TCP proxy that a test can turn into a broken network at any moment
/// (<see cref="ProxyMode"/>): put one in front of the API server for a client, and that client
/// alone sees the API frozen, swallowed, reset or refused while everyone else sees it fine. The
/// bytes are not looked at, so TLS passes through and still verifies (the server's certificate
/// names 127.0.0.1, which the proxy listens on too). With several upstreams each new connection
/// goes to the next one that accepts, as a Service spreads connections over its ready pods.
/// Memory is bounded: one buffer per direction and connection, never a queue.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    public const int BufferSize = 16 * 1024;

    // Generous: a loopback upstream that is down refuses at once, and on a loaded machine a connect
    // that the kernel completed may wait seconds for its continuation to run.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly IReadOnlyList<IPEndPoint> _upstreams;
    private readonly ConcurrentDictionary<long, Link> _links = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private ProxyMode _mode = ProxyMode.Pass;
    private TaskCompletionSource _modeChanged = NewSignal();
    private long _nextLink;
    private int _nextUpstream;
    private long _accepted;
    private long _discarded;
    private long _lastAnswerTicks;

    private TcpFaultProxy(Socket listener, IReadOnlyList<IPEndPoint> upstreams)
    {
        _listener = listener;
        _upstreams = upstreams;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Where clients connect: 127.0.0.1 and a free port.</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    public ProxyMode Mode
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }
    }

    /// <summary>Connections accepted since start.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections open now.</summary>
    public int OpenConnections => _links.Count;

    /// <summary>When bytes from an upstream last reached a client: a client that talks gets answers.</summary>
    public DateTimeOffset? LastAnswer => Interlocked.Read(ref _lastAnswerTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Bytes swallowed (blackhole) since start.</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    /// <param name="upstreams">Loopback endpoints to forward to; each new connection tries them in turn from the next one.</param>
    public static TcpFaultProxy Start(params IPEndPoint[] upstreams)
    {
        if (upstreams.Length == 0 || upstreams.Any(u => !IPAddress.IsLoopback(u.Address)))
        {
            throw new ArgumentException("a fault proxy forwards to loopback endpoints only", nameof(upstreams));
        }

        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(128);
        return new TcpFaultProxy(listener, upstreams);
    }

    /// <summary>Switches the mode now, for open connections and new ones alike.</summary>
    public void SetMode(ProxyMode mode)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _mode = mode;
            changed = _modeChanged;
            _modeChanged = NewSignal();
        }

        changed.TrySetResult();
        if (mode == ProxyMode.Reset)
        {
            foreach (var link in _links.Values)
            {
                link.Abort();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var link in _links.Values)
        {
            link.Abort();
        }

        try
        {
            await _accepting.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private (ProxyMode Mode, Task Changed) Current()
    {
        lock (_gate)
        {
            return (_mode, _modeChanged.Task);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            switch (Mode)
            {
                case ProxyMode.Refuse:
                    client.Dispose(); // FIN, nothing read
                    continue;
                case ProxyMode.Reset:
                    Link.Abort(client);
                    continue;
            }

            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(Socket client)
    {
        var link = new Link(client);
        var id = Interlocked.Increment(ref _nextLink);
        _links[id] = link;
        try
        {
            if (await ConnectUpstreamAsync() is not { } upstream)
            {
                link.Abort(); // nobody listens upstream: the client sees its connection die, as when refused
                return;
            }

            if (!link.Attach(upstream) || Mode == ProxyMode.Reset)
            {
                link.Abort();
                return;
            }

            await Task.WhenAll(PumpAsync(link, client, upstream, fromClient: true), PumpAsync(link, upstream, client, fromClient: false));
        }
        finally
        {
            _links.TryRemove(id, out _);
            link.Dispose();
        }
    }

    private async Task<Socket?> ConnectUpstreamAsync()
    {
        var first = Interlocked.Increment(ref _nextUpstream);
        for (var i = 0; i < _upstreams.Count; i++)
        {
            var target = _upstreams[(int)((uint)(first + i) % (uint)_upstreams.Count)];
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(target, timeout.Token);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket.Dispose();
            }
        }

        return null;
    }

    private async Task PumpAsync(Link link, Socket from, Socket to, bool fromClient)
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            int read;
            try
            {
                read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                link.Abort(); // reset or torn down: the other side learns it the same way
                return;
            }

            if (!await DeliverAsync(link, to, buffer.AsMemory(0, read), fromClient) || read == 0)
            {
                return;
            }
        }
    }

    /// <returns>False when this direction is finished.</returns>
    private async Task<bool> DeliverAsync(Link link, Socket to, ReadOnlyMemory<byte> data, bool fromClient)
    {
        while (true)
        {
            var (mode, changed) = Current();
            if (mode == ProxyMode.Pause)
            {
                try
                {
                    await changed.WaitAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                continue;
            }

            if (mode == ProxyMode.Blackhole || link.Swallowed)
            {
                if (data.Length > 0)
                {
                    link.Swallowed = true;
                    Interlocked.Add(ref _discarded, data.Length);
                    return true;
                }

                // End of stream. The client giving up ends the link; the upstream's FIN is swallowed
                // too, so the client is left waiting on an open, silent connection.
                if (fromClient)
                {
                    link.Abort();
                }

                return false;
            }

            try
            {
                if (data.Length == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return false;
                }

                while (data.Length > 0)
                {
                    var sent = await to.SendAsync(data, SocketFlags.None, _stop.Token);
                    data = data[sent..];
                }

                if (!fromClient)
                {
                    Interlocked.Exchange(ref _lastAnswerTicks, DateTimeOffset.UtcNow.UtcTicks);
                }

                return true;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                link.Abort();
                return false;
            }
        }
    }

    /// <summary>One client connection and its upstream connection.</summary>
    private sealed class Link(Socket client) : IDisposable
    {
        private readonly Lock _gate = new();
        private volatile bool _swallowed;
        private bool _closed;
        private Socket? _upstream;

        /// <summary>Bytes of this link were discarded: its streams are broken for good.</summary>
        public bool Swallowed
        {
            get => _swallowed;
            set => _swallowed = value;
        }

        /// <summary>Adds the upstream connection; false (and it is closed) when the link was torn down meanwhile.</summary>
        public bool Attach(Socket upstream)
        {
            lock (_gate)
            {
                if (!_closed)
                {
                    _upstream = upstream;
                    return true;
                }
            }

            upstream.Dispose();
            return false;
        }

        /// <summary>Resets both connections (RST, not FIN).</summary>
        public void Abort()
        {
            if (Close() is var (upstream, first) && first)
            {
                Abort(client);
                if (upstream is not null)
                {
                    Abort(upstream);
                }
            }
        }

        public static void Abort(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // already closed
            }

            socket.Dispose();
        }

        public void Dispose()
        {
            if (Close() is var (upstream, first) && first)
            {
                client.Dispose();
                upstream?.Dispose();
            }
        }

        private (Socket? Upstream, bool First) Close()
        {
            lock (_gate)
            {
                var first = !_closed;
                _closed = true;
                return (_upstream, first);
            }
        }
    }
}
