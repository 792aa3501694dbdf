namespace HealthChecks.LocalCluster.Pods;

/// <summary>What the simulator decides about a pod that the downward API exposes.</summary>
/// <param name="PodIp">The fake pod IP (10.244.0.0/16), never connected to.</param>
/// <param name="HostIp">The node's InternalIP.</param>
/// <param name="LocalIp">The pod's own loopback address (127.100.0.0/16) where its listeners live.</param>
internal sealed record PodFacts(string PodIp, string HostIp, string LocalIp);
