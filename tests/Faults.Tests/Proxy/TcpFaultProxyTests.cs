using System.Net;
using System.Net.Sockets;
using System.Text;
using HealthChecks.TestKit;

namespace HealthChecks.Faults.Tests.Proxy;

/// <summary>The fault proxy itself, in front of a loopback echo server: each mode as a client sees it.</summary>
public sealed class TcpFaultProxyTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task Pass_ForwardsBothWays()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var client = await ConnectAsync(proxy);

        Assert.Null(proxy.LastAnswer);
        Assert.Equal("hello", await RoundTripAsync(client, "hello"));
        Assert.Equal(1, proxy.Accepted);
        Assert.InRange(proxy.LastAnswer!.Value, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Pause_HoldsOpenAndNewConnections_ThenDeliversEverythingInOrder()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var open = await ConnectAsync(proxy);
        Assert.Equal("before", await RoundTripAsync(open, "before"));

        proxy.SetMode(ProxyMode.Pause);
        await SendAsync(open, "one,");
        await SendAsync(open, "two");
        using var fresh = await ConnectAsync(proxy); // accepted, then held
        await SendAsync(fresh, "new");
        Assert.Null(await ReceiveWithinAsync(open, Quiet));
        Assert.Null(await ReceiveWithinAsync(fresh, Quiet));

        proxy.SetMode(ProxyMode.Pass);
        Assert.Equal("one,two", await ReceiveExactlyAsync(open, 7));
        Assert.Equal("new", await ReceiveExactlyAsync(fresh, 3));
    }

    [Fact]
    public async Task Pause_BuffersNoMoreThanItsBuffers_TheSenderBlocks()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var client = await ConnectAsync(proxy);
        proxy.SetMode(ProxyMode.Pause);

        // 256 MiB cannot fit in socket buffers plus the proxy's one buffer per direction.
        using var stop = new CancellationTokenSource();
        var chunk = new byte[1024 * 1024];
        var sent = 0L;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 256 && !stop.IsCancellationRequested; i++)
            {
                await client.SendAsync(chunk, SocketFlags.None, stop.Token);
                Interlocked.Add(ref sent, chunk.Length);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.False(sending.IsCompleted, "the proxy took 256 MiB while paused");
        Assert.True(Interlocked.Read(ref sent) < 128L * 1024 * 1024, $"{Interlocked.Read(ref sent)} bytes went in while paused");
        await stop.CancelAsync();
        client.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(() => sending);
    }

    [Fact]
    public async Task Blackhole_SwallowsOpenAndNewConnections_WithoutClosingThem()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var swallowed = await ConnectAsync(proxy);
        using var idle = await ConnectAsync(proxy);
        Assert.Equal("a", await RoundTripAsync(swallowed, "a"));
        Assert.Equal("b", await RoundTripAsync(idle, "b"));

        proxy.SetMode(ProxyMode.Blackhole);
        await SendAsync(swallowed, "lost");
        using var fresh = await ConnectAsync(proxy);
        await SendAsync(fresh, "lost too");

        // No answer, and no FIN (a read would return 0) or RST (a read would throw): just silence.
        Assert.Null(await ReceiveWithinAsync(swallowed, Quiet));
        Assert.Null(await ReceiveWithinAsync(fresh, Quiet));
        Assert.True(proxy.Discarded >= 12, $"{proxy.Discarded} bytes discarded");

        proxy.SetMode(ProxyMode.Pass);
        Assert.Equal("c", await RoundTripAsync(idle, "c")); // lost nothing: goes on
        await SendAsync(swallowed, "after");
        Assert.Null(await ReceiveWithinAsync(swallowed, Quiet)); // its stream is broken for good
        using var later = await ConnectAsync(proxy);
        Assert.Equal("d", await RoundTripAsync(later, "d"));
    }

    [Fact]
    public async Task Reset_ResetsOpenConnectionsAndEveryNewOne_UntilPassAgain()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var open = await ConnectAsync(proxy);
        Assert.Equal("a", await RoundTripAsync(open, "a"));

        proxy.SetMode(ProxyMode.Reset);
        var reset = await Assert.ThrowsAsync<SocketException>(async () => await ReceiveWithinAsync(open, TimeSpan.FromSeconds(5)));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        var freshReset = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var fresh = await ConnectAsync(proxy); // accepted, then reset (sometimes before the connect returns)
            await ReceiveWithinAsync(fresh, TimeSpan.FromSeconds(5));
        });
        Assert.Equal(SocketError.ConnectionReset, freshReset.SocketErrorCode);

        proxy.SetMode(ProxyMode.Pass);
        using var later = await ConnectAsync(proxy);
        Assert.Equal("b", await RoundTripAsync(later, "b"));
    }

    [Fact]
    public async Task Refuse_ClosesNewConnectionsAtOnce_OpenOnesGoOn()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var open = await ConnectAsync(proxy);

        proxy.SetMode(ProxyMode.Refuse);
        using var fresh = await ConnectAsync(proxy);
        Assert.Equal("", await ReceiveWithinAsync(fresh, TimeSpan.FromSeconds(5))); // end of stream
        Assert.Equal("still", await RoundTripAsync(open, "still"));
    }

    [Fact]
    public async Task SeveralUpstreams_EachConnectionGoesToOneThatAccepts()
    {
        await using var echo = new EchoServer();
        var closed = new IPEndPoint(IPAddress.Loopback, FreePort.Tcp(IPAddress.Loopback));
        await using var proxy = TcpFaultProxy.Start(closed, echo.EndPoint);
        for (var i = 0; i < 4; i++)
        {
            using var client = await ConnectAsync(proxy);
            Assert.Equal($"try {i}", await RoundTripAsync(client, $"try {i}"));
        }
    }

    [Fact]
    public async Task NoUpstreamListening_TheClientSeesItsConnectionDie()
    {
        await using var proxy = TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, FreePort.Tcp(IPAddress.Loopback)));

        // The proxy's reset may come before the client's connect has returned (seen once), or on its first read.
        await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var client = await ConnectAsync(proxy);
            await ReceiveWithinAsync(client, TimeSpan.FromSeconds(5));
        });
    }

    private static async Task<Socket> ConnectAsync(TcpFaultProxy proxy)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(proxy.EndPoint);
        return socket;
    }

    private static async Task SendAsync(Socket socket, string text) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    private static async Task<string> RoundTripAsync(Socket socket, string text)
    {
        await SendAsync(socket, text);
        return await ReceiveExactlyAsync(socket, text.Length);
    }

    private static async Task<string> ReceiveExactlyAsync(Socket socket, int length)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[length];
        var got = 0;
        while (got < length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "the connection ended early");
            got += read;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    /// <returns>What arrived ("" at end of stream), or null when nothing came within <paramref name="wait"/>.</returns>
    private static async Task<string?> ReceiveWithinAsync(Socket socket, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[1024];
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
