using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HealthChecks.LocalCluster.Runtime;

/// <summary>
/// The nginx stand-in: answers every HTTP request with 200 and a small page, on each port, on
/// the pod's loopback address. Ends with 0 on SIGTERM (nginx's graceful stop), 137 on SIGKILL.
/// </summary>
internal sealed class HttpOkRun : IContainerRun
{
    private const int MaxRequestBytes = 16 * 1024;
    private static readonly byte[] Response = BuildResponse();

    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HttpOkRun()
    {
    }

    public Task<int> Exited => _exited.Task;

    /// <summary>Binds every port first, so a port in use fails the start, as it would fail nginx.</summary>
    public static HttpOkRun Start(IPAddress address, IEnumerable<int> ports)
    {
        var run = new HttpOkRun();
        try
        {
            foreach (var port in ports)
            {
                var listener = new TcpListener(address, port);
                listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Start();
                run._listeners.Add(listener);
            }
        }
        catch (SocketException)
        {
            run.Stop(1);
            throw;
        }

        foreach (var listener in run._listeners)
        {
            _ = run.AcceptLoopAsync(listener);
        }

        return run;
    }

    public void Terminate() => Stop(0);

    public void Kill() => Stop(137);

    public ValueTask DisposeAsync()
    {
        Stop(137);
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Stop(int exitCode)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        _stop.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        _exited.TrySetResult(exitCode);
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var stream = client.GetStream();
                var buffer = new byte[MaxRequestBytes];
                var length = 0;
                // Read the request head (bounded); the body, if any, is ignored.
                while (length < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                    if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                await stream.WriteAsync(Response, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or was too slow; nothing to report.
            }
        }
    }

    private static byte[] BuildResponse()
    {
        const string body = "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1><p>(served by the HealthChecks node simulator)</p></body></html>\n";
        return Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nServer: nginx (healthchecks-simulator)\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
    }
}
