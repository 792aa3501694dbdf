using k8s.Models;

namespace HealthChecks.LocalCluster.Nodes;

/// <summary>One simulated node: its name, extra labels and taints, and its fake (loopback) InternalIP.</summary>
internal sealed record NodeDefinition(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<V1Taint> Taints, string InternalIp);
