using k8s;
using k8s.Autorest;

namespace HealthChecks.LocalCluster.Simulation;

/// <summary>
/// API failures worth another try on the next tick or retry: an answer of the API server
/// (<see cref="HttpOperationException"/>), a watch error, a transport failure, or a request that
/// timed out (the client's request timeout cancels it; our own stopping token does not count).
/// </summary>
internal static class ApiFailures
{
    public static bool IsTransient(Exception error, CancellationToken stopping) => error switch
    {
        HttpOperationException or KubernetesException or HttpRequestException => true,
        OperationCanceledException => !stopping.IsCancellationRequested,
        _ => false,
    };
}
