using k8s.Models;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>
/// A pod's folder under the state dir (<c>pods/NAMESPACE_NAME_UID8/</c>): working directory,
/// per-container logs (<c>CONTAINER.log</c>), resolv.conf, kubeconfig, the ServiceAccount files
/// and the sandbox script every container process starts with.
/// </summary>
internal sealed class PodSandbox
{
    /// <summary>Where the sandbox mounts the pod's ServiceAccount files, as in a real pod (/var/run is /run).</summary>
    public const string ServiceAccountMountPoint = "/run/secrets/kubernetes.io/serviceaccount";

    private PodSandbox(string directory) => Directory = directory;

    public string Directory { get; }

    public string Script => Path.Combine(Directory, "sandbox.sh");

    public string Kubeconfig => Path.Combine(Directory, "kubeconfig");

    public string LogOf(string container) => Path.Combine(Directory, container + ".log");

    public static string DirectoryFor(string podsRoot, V1Pod pod) =>
        Path.Combine(podsRoot, $"{pod.Metadata.NamespaceProperty}_{pod.Metadata.Name}_{(pod.Metadata.Uid ?? "").Split('-')[0]}");

    public static PodSandbox Create(string podsRoot, V1Pod pod, string nameserver, Uri apiServer, ServiceAccountTokens.Credentials? credentials)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var directory = DirectoryFor(podsRoot, pod);
        var sandbox = new PodSandbox(directory);
        var accountDirectory = Path.Combine(directory, "serviceaccount");
        System.IO.Directory.CreateDirectory(accountDirectory);
        Write(Path.Combine(directory, "resolv.conf"), PodFiles.ResolvConf(ns, nameserver));
        Write(sandbox.Kubeconfig, PodFiles.Kubeconfig(apiServer, credentials?.CaPem ?? "", credentials?.Token, ns));
        Write(Path.Combine(accountDirectory, "namespace"), ns);
        Write(Path.Combine(accountDirectory, "token"), credentials?.Token ?? "");
        Write(Path.Combine(accountDirectory, "ca.crt"), credentials?.CaPem ?? "");
        Write(sandbox.Script, PodFiles.SandboxScript(directory, Hostname(pod), $"{ns}/{pod.Metadata.Name}"));
        return sandbox;
    }

    /// <summary>The mount point must exist on the host for the bind mount; it stays empty there.</summary>
    public static void EnsureHostMountPoint() => System.IO.Directory.CreateDirectory(ServiceAccountMountPoint);

    // A pod's host name is spec.hostname or its name, cut to the 63 characters a host name may have.
    private static string Hostname(V1Pod pod)
    {
        var name = pod.Spec?.Hostname is { Length: > 0 } hostname ? hostname : pod.Metadata.Name ?? "pod";
        return name.Length > 63 ? name[..63] : name;
    }

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) // always true: the simulator needs Linux namespaces; this satisfies the platform analyzer
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
