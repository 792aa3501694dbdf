using System.Globalization;
using HealthChecks.LocalCluster.Networking;
using HealthChecks.LocalCluster.Nodes;
using k8s.Models;

namespace HealthChecks.LocalCluster.Simulation;

/// <summary>The <c>simulate</c> command line, parsed and checked (pure).</summary>
internal sealed record SimulatorOptions
{
    public const string Usage = """
        usage: LocalCluster simulate --state DIR [options]

          --kubeconfig FILE          admin kubeconfig (default: $KUBECONFIG, ~/.kube/config)
          --state DIR                where pod folders (pods/) and DNS files (dns/) go (required)
          --nodes N                  number of nodes (default 3)
          --node-prefix NAME         nodes are NAME-1..NAME-N (default sim-node)
          --node-label [NODE@]K=V    extra label, on every node or only on NODE (repeatable)
          --node-taint [NODE@]K[=V]:EFFECT
                                     taint (NoSchedule, PreferNoSchedule, NoExecute), on every node
                                     or only on NODE (repeatable)
          --image-map FILE           image rules consulted before the built-in map
          --repo DIR                 repository root for {repo} in image rules (default: found
                                     from the program's own location)
          --no-services              do not listen on Service ClusterIPs
          --no-dns                   do not run cluster DNS (dnsmasq) nor create kube-dns
          --dns-port N               port of cluster DNS (default 53)
          --service-cidr 127.N.0.0/16
                                     the API server's Service range (default 127.96.0.0/16):
                                     kubernetes is .0.1, cluster DNS .0.10
          --pod-local-cidr 127.N.0.0/16
                                     where pod IP 10.244.a.b listens: 127.N.a.b (default 127.100.0.0/16)
        """;

    public string? Kubeconfig { get; init; }

    public required string StateDirectory { get; init; }

    public int Nodes { get; init; } = 3;

    public string NodePrefix { get; init; } = "sim-node";

    public IReadOnlyList<(string? Node, string Key, string Value)> NodeLabels { get; init; } = [];

    public IReadOnlyList<(string? Node, V1Taint Taint)> NodeTaints { get; init; } = [];

    public string? ImageMap { get; init; }

    public string? Repository { get; init; }

    public bool Services { get; init; } = true;

    public bool Dns { get; init; } = true;

    public int DnsPort { get; init; } = 53;

    public NetworkLayout Network { get; init; } = NetworkLayout.Default;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        string? state = null, kubeconfig = null, prefix = null, imageMap = null, repo = null;
        string serviceCidr = "127.96.0.0/16", podLocalCidr = "127.100.0.0/16";
        int nodes = 3, dnsPort = 53;
        bool services = true, dns = true;
        var labels = new List<(string?, string, string)>();
        var taints = new List<(string?, V1Taint)>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value");
            switch (arg)
            {
                case "--state": state = Value(); break;
                case "--kubeconfig": kubeconfig = Value(); break;
                case "--nodes": nodes = PositiveInt(arg, Value(), 1, 100); break;
                case "--node-prefix": prefix = Value(); break;
                case "--node-label": labels.Add(ParseLabel(Value())); break;
                case "--node-taint": taints.Add(ParseTaint(Value())); break;
                case "--image-map": imageMap = Value(); break;
                case "--repo": repo = Value(); break;
                case "--no-services": services = false; break;
                case "--no-dns": dns = false; break;
                case "--dns-port": dnsPort = PositiveInt(arg, Value(), 1, 65535); break;
                case "--service-cidr": serviceCidr = Value(); break;
                case "--pod-local-cidr": podLocalCidr = Value(); break;
                default: throw new FormatException($"unknown option {arg}");
            }
        }

        var options = new SimulatorOptions
        {
            StateDirectory = state ?? throw new FormatException("--state DIR is required"),
            Kubeconfig = kubeconfig,
            Nodes = nodes,
            NodePrefix = prefix ?? "sim-node",
            NodeLabels = labels,
            NodeTaints = taints,
            ImageMap = imageMap,
            Repository = repo,
            Services = services,
            Dns = dns,
            DnsPort = dnsPort,
            Network = NetworkLayout.Parse(serviceCidr, podLocalCidr),
        };
        if (options.Network.ServicePrefix == options.Network.PodLocalPrefix)
        {
            throw new FormatException("--service-cidr and --pod-local-cidr must differ");
        }
        var names = options.NodeNames();
        foreach (var node in labels.Select(l => l.Item1).Concat(taints.Select(t => t.Item1)).OfType<string>())
        {
            if (!names.Contains(node))
            {
                throw new FormatException($"no node {node} (nodes are {string.Join(", ", names)})");
            }
        }

        return options;
    }

    public List<string> NodeNames() => Enumerable.Range(1, Nodes).Select(i => string.Create(CultureInfo.InvariantCulture, $"{NodePrefix}-{i}")).ToList();

    /// <summary>Each node with the labels and taints meant for it; its InternalIP is loopback (nothing fake to connect to) and nothing listens there.</summary>
    public List<NodeDefinition> NodeDefinitions() => NodeNames().Select((name, index) => new NodeDefinition(
        name,
        // A later flag wins, so `--node-label zone=a --node-label n-2@zone=b` gives n-2 zone=b.
        NodeLabels.Where(l => l.Node is null || l.Node == name).GroupBy(l => l.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
        NodeTaints.Where(t => t.Node is null || t.Node == name).Select(t => t.Taint).ToList(),
        Network.NodeIp(index + 1))).ToList();

    private static int PositiveInt(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{option} must be a number from {min} to {max} (got '{text}')");

    private static (string? Node, string Remainder) SplitNode(string text) =>
        text.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? (text[..at], text[(at + 1)..]) : (null, text);

    private static (string?, string, string) ParseLabel(string text)
    {
        var (node, rest) = SplitNode(text);
        var parts = rest.Split('=', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (node, parts[0], parts[1])
            : throw new FormatException($"--node-label wants [NODE@]KEY=VALUE (got '{text}')");
    }

    private static (string?, V1Taint) ParseTaint(string text)
    {
        var (node, rest) = SplitNode(text);
        var colon = rest.LastIndexOf(':');
        var effect = colon > 0 ? rest[(colon + 1)..] : "";
        if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            throw new FormatException($"--node-taint wants [NODE@]KEY[=VALUE]:NoSchedule|PreferNoSchedule|NoExecute (got '{text}')");
        }

        var keyValue = rest[..colon].Split('=', 2);
        return (node, new V1Taint { Key = keyValue[0], Value = keyValue.Length == 2 ? keyValue[1] : null, Effect = effect });
    }
}
