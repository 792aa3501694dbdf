using System.Collections.Concurrent;
using System.Net;
using HealthChecks.Kube;
using HealthChecks.TestKit;

namespace HealthChecks.Checks.Tests.Deployment;

/// <summary>
/// Stands in for the simulator's Service proxy: serves HTTP 200 on the ClusterIP of the named
/// Service (the local control plane allocates them from 127.96.0.0/16, so on loopback), moving to
/// the new address when the Service is recreated. Stopped on dispose.
/// </summary>
public sealed class ServiceResponder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _watch;
    private LoopbackHttpServer? _server;

    public ServiceResponder(KubeApiClient client, string @namespace, string service, int port)
    {
        _watch = Task.Run(async () =>
        {
            IPAddress? serving = null;
            while (!_stop.IsCancellationRequested)
            {
                var ip = (await client.GetAsync(KubeResources.Services, @namespace, service, _stop.Token))?.Spec?.ClusterIP;
                if (IPAddress.TryParse(ip, out var address) && !address.Equals(serving))
                {
                    if (_server is not null)
                    {
                        await _server.DisposeAsync();
                    }

                    _server = await LoopbackHttpServer.StartAsync((request, _) => { _requests.Enqueue(request); return new CannedResponse(200); }, address, port);
                    serving = address;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), _stop.Token);
            }
        });
    }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watch;
        }
        catch (OperationCanceledException)
        {
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _stop.Dispose();
    }
}
