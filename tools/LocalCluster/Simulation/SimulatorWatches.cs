using HealthChecks.Kube.Watching;

namespace HealthChecks.LocalCluster.Simulation;

/// <summary>How every watch of the simulator (pods, nodes, Services, Endpoints) backs off.</summary>
internal static class SimulatorWatches
{
    /// <summary>
    /// Reconnect within 3 s at most. Tests stop the API server on purpose, and with the informer's
    /// default (30 s, up to 45 s with jitter) the simulator, standing in for kubelets and
    /// kube-proxy, lagged that long after it came back: pods started late, a new Service had no
    /// listener or DNS name yet, and tests timed the simulator instead of the code under test.
    /// </summary>
    public static ResourceWatcherOptions Options { get; } = new() { MaxBackoff = TimeSpan.FromSeconds(3) };
}
