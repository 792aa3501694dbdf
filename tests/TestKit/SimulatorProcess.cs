using System.Diagnostics;
using System.Globalization;
using HealthChecks.Kube;
using k8s;
using k8s.Models;

namespace HealthChecks.TestKit;

/// <summary>
/// A node simulator of a test's own (<c>HealthChecks.LocalCluster.dll simulate</c>) beside the
/// cluster's shared one: nodes with the test's labels, taints and image rules, which the test may
/// also SIGKILL without disturbing anybody else. Disposing stops it, deletes its nodes and every
/// pod bound to them, and removes its state folder. The test project must reference
/// tools/LocalCluster, so that the simulator is built and copied next to the test assembly.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    /// <summary>The label the simulator puts on its nodes, with its node prefix as value.</summary>
    public const string NodeLabel = "healthchecks.local/simulator";

    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly Kubernetes _client;
    private readonly DirectoryInfo _state;
    private readonly OutputTail _output = new();

    private SimulatorProcess(Process process, Kubernetes client, DirectoryInfo state, SimulatorSettings settings)
    {
        _process = process;
        _client = client;
        _state = state;
        Settings = settings;
        // Drained so that it never blocks on a full pipe; kept for the message of a failing wait.
        process.OutputDataReceived += (_, e) => _output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public SimulatorSettings Settings { get; }

    public IReadOnlyList<string> Nodes => Settings.NodeNames;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The simulator's log so far (its last 200,000 characters).</summary>
    public string Output => _output.ToString();

    /// <summary>Starts a simulator and waits until its nodes can take pods.</summary>
    public static async Task<SimulatorProcess> StartAsync(ControlPlaneFixture fixture, SimulatorSettings settings)
    {
        var simulator = Start(fixture, settings);
        try
        {
            await simulator.WaitForNodesAsync(TimeSpan.FromSeconds(40));
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a simulator without waiting for anything (e.g. to see it refuse to start).</summary>
    public static SimulatorProcess Start(ControlPlaneFixture fixture, SimulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.Combine(AppContext.BaseDirectory, "HealthChecks.LocalCluster.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: the test project must reference tools/LocalCluster/LocalCluster.csproj");
        }

        var state = Directory.CreateTempSubdirectory("hc-sim-" + settings.Prefix + "-");
        var cluster = fixture.Cluster;
        // The cluster's own address ranges (cluster.env): other clusters on this machine use others.
        List<string> arguments =
        [
            dll, "simulate", "--kubeconfig", cluster.AdminKubeconfig, "--state", state.FullName,
            "--nodes", settings.Nodes.ToString(CultureInfo.InvariantCulture), "--node-prefix", settings.Prefix,
            "--repo", RepositoryPaths.Root,
            "--service-cidr", cluster.Environment.GetValueOrDefault("SERVICE_CIDR", "127.96.0.0/16"),
            "--pod-local-cidr", cluster.Environment.GetValueOrDefault("POD_LOCAL_CIDR", "127.100.0.0/16"),
        ];
        arguments.AddRange(settings.Labels.SelectMany(label => (string[])["--node-label", label]));
        arguments.AddRange(settings.Taints.SelectMany(taint => (string[])["--node-taint", taint]));
        if (settings.ImageMap is not null)
        {
            var file = Path.Combine(state.FullName, "image-map.yaml");
            File.WriteAllText(file, settings.ImageMap);
            arguments.AddRange(["--image-map", file]);
        }

        if (!settings.Network)
        {
            arguments.AddRange(["--no-services", "--no-dns"]);
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(info.ArgumentList.Add);
        return new SimulatorProcess(Process.Start(info) ?? throw new InvalidOperationException("cannot start the node simulator"), fixture.Client, state, settings);
    }

    /// <summary>
    /// Waits until every node is Ready and the node lifecycle controller has lifted the not-ready
    /// taint it puts on a new node: until then the scheduler and the DaemonSet controller skip it.
    /// </summary>
    public async Task WaitForNodesAsync(TimeSpan timeout)
    {
        try
        {
            await Eventually.TrueAsync(async () => _process.HasExited || await NodesUsableAsync(), timeout, $"nodes {string.Join(", ", Nodes)} Ready");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; simulator log:\n{Output}", ex);
        }

        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the simulator exited with code {_process.ExitCode} before its nodes were Ready:\n{Output}");
        }
    }

    /// <summary>SIGKILL, as a crashed kubelet: no clean-up; its containers die with it (parent-death signal).</summary>
    public void Kill() => _process.Kill();

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            // Nodes first: with the simulator gone nobody registers them again, and the DaemonSet
            // controller stops making pods for them. Then the pods bound to them, which no kubelet
            // will ever finish deleting: at once.
            foreach (var node in Nodes)
            {
                await _client.CoreV1.DeleteNodeAsync(node, cancellationToken: timeout.Token).ExceptNotFound();
            }

            foreach (var node in Nodes)
            {
                var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=" + node, cancellationToken: timeout.Token);
                foreach (var pod in pods.Items)
                {
                    await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: timeout.Token).ExceptNotFound();
                }
            }
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // Best effort: the test may have stopped the control plane on purpose.
        }

        try
        {
            _state.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the folder is under the temp directory anyway.
        }

        _process.Dispose();
    }

    private async Task<bool> NodesUsableAsync()
    {
        var nodes = (await _client.CoreV1.ListNodeAsync(labelSelector: $"{NodeLabel}={Settings.Prefix}")).Items;
        return Nodes.All(name => nodes.FirstOrDefault(n => n.Metadata.Name == name) is { } node
            && node.Status?.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true
            && node.Spec?.Taints?.Any(t => t.Key is "node.kubernetes.io/not-ready" or "node.kubernetes.io/unreachable") != true);
    }

    // SIGTERM, as local-cluster.sh does: the simulator stops its containers before it exits.
    private async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }
}
