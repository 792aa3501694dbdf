using HealthChecks.Kube;
using k8s;

namespace HealthChecks.TestKit;

/// <summary>
/// A control plane run by <c>scripts/local-cluster.sh</c> from a state folder: its kubeconfigs,
/// its etcd URL, and the means to stop, start and compact its parts.
/// </summary>
public sealed class LocalCluster
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private LocalCluster(string stateDirectory, IReadOnlyDictionary<string, string> environment)
    {
        StateDirectory = stateDirectory;
        Environment = environment;
    }

    public string StateDirectory { get; }

    /// <summary>The variables of <c>cluster.env</c> (ETCD_URL, APISERVER_URL, KUBECONFIG, ...).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string AdminKubeconfig => Path.Combine(StateDirectory, "kubeconfig");

    public string CertificateKubeconfig => Path.Combine(StateDirectory, "kubeconfig-cert");

    public string NobodyKubeconfig => Path.Combine(StateDirectory, "kubeconfig-nobody");

    public static async Task<LocalCluster> UpAsync(string stateDirectory)
    {
        await RunScriptAsync("up", "--state", stateDirectory);
        return Open(stateDirectory);
    }

    /// <summary>Attaches to a cluster already started from <paramref name="stateDirectory"/>.</summary>
    public static LocalCluster Open(string stateDirectory)
    {
        var envFile = Path.Combine(stateDirectory, "cluster.env");
        var values = File.ReadAllLines(envFile)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.StartsWith("export ", StringComparison.Ordinal) ? line[7..] : line)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim('"', '\''), StringComparer.Ordinal);
        return new LocalCluster(stateDirectory, values);
    }

    public Kubernetes NewAdminClient() => KubeClients.CreateFromKubeconfig(AdminKubeconfig);

    public Task DownAsync(bool purge) => purge ? RunScriptAsync("down", "--state", StateDirectory, "--purge") : RunScriptAsync("down", "--state", StateDirectory);

    /// <summary>Stops one component (etcd, apiserver, controller-manager, scheduler, simulator); SIGKILL when <paramref name="kill"/>.</summary>
    public Task StopAsync(string component, bool kill = false) =>
        kill ? RunScriptAsync("stop", component, "--kill", "--state", StateDirectory) : RunScriptAsync("stop", component, "--state", StateDirectory);

    /// <summary>Starts one component again with the same flags and ports (the API server: until ready).</summary>
    public Task StartAsync(string component) => RunScriptAsync("start", component, "--state", StateDirectory);

    /// <summary>
    /// Kills the API server, runs <paramref name="whileDown"/>, and starts it again even when
    /// that fails, so a failing test never leaves the shared control plane without its API server.
    /// </summary>
    public async Task WithApiServerKilledAsync(Func<Task> whileDown)
    {
        await StopAsync("apiserver", kill: true);
        try
        {
            await whileDown();
        }
        finally
        {
            await StartAsync("apiserver");
        }
    }

    /// <summary>The process id of a running component (etcd, apiserver, ...), from its pid file; null when it does not run.</summary>
    public int? PidOf(string component)
    {
        var file = Path.Combine(StateDirectory, "pids", component + ".pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
    }

    /// <summary>Sends a signal (STOP, CONT, ...) to a running component.</summary>
    public async Task SignalAsync(string component, string signal)
    {
        var pid = PidOf(component) ?? throw new InvalidOperationException($"{component} of the cluster in {StateDirectory} does not run");
        var result = await ProcessRunner.RunAsync("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        result.EnsureSuccess($"kill -{signal} {component} ({pid})");
    }

    /// <summary>Compacts etcd at its current revision: every older resourceVersion becomes too old.</summary>
    public Task CompactAsync() => RunScriptAsync("compact", "--state", StateDirectory);

    private static async Task RunScriptAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("bash", [RepositoryPaths.Scripts("local-cluster.sh"), .. arguments], ScriptTimeout);
        result.EnsureSuccess("local-cluster.sh " + string.Join(' ', arguments));
    }
}
