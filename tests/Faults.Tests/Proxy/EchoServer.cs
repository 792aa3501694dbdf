using System.Net;
using System.Net.Sockets;

namespace HealthChecks.Faults.Tests.Proxy;

/// <summary>A loopback TCP server that sends back every byte it gets, until the client closes.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public EchoServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            _ = EchoAsync(client);
        }
    }

    private async Task EchoAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[8192];
            try
            {
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        client.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
            }
        }
    }
}
