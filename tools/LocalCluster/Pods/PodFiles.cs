using System.Globalization;
using System.Text;

namespace HealthChecks.LocalCluster.Pods;

/// <summary>The text of the files a pod's sandbox gets (pure; written by <see cref="PodSandbox"/>).</summary>
internal static class PodFiles
{
    /// <summary>What kubelet writes for <c>dnsPolicy: ClusterFirst</c>.</summary>
    public static string ResolvConf(string @namespace, string nameserver, string clusterDomain = "cluster.local") =>
        $"nameserver {nameserver}\nsearch {@namespace}.svc.{clusterDomain} svc.{clusterDomain} {clusterDomain}\noptions ndots:5\n";

    /// <summary>A kubeconfig for the pod's ServiceAccount: the API server on loopback, the cluster CA, the SA token.</summary>
    public static string Kubeconfig(Uri server, string caPem, string? token, string @namespace)
    {
        var user = token is null ? "{}" : "\n    token: " + token;
        return string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}
                certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem))}
            users:
            - name: pod
              user: {user}
            contexts:
            - name: pod
              context:
                cluster: local
                user: pod
                namespace: {@namespace}
            current-context: pod

            """);
    }

    /// <summary>
    /// The script every container process starts with, as PID 1 of its own PID, mount and UTS
    /// namespaces: redirects output to the container's log, bind-mounts the pod's resolv.conf
    /// and ServiceAccount files over the host's, sets the host name, then execs the container.
    /// Arguments: LOGFILE PROGRAM ARGS...
    /// </summary>
    public static string SandboxScript(string podDirectory, string hostname, string podDescription) => $"""
        #!/bin/sh
        # Sandbox of pod {podDescription}, written by the node simulator (tools/LocalCluster).
        # Runs as PID 1 of private PID, mount and UTS namespaces. Usage: sandbox.sh LOGFILE PROGRAM ARGS...
        log="$1"; shift
        exec >>"$log" 2>&1 </dev/null
        mount --bind '{podDirectory}/resolv.conf' /etc/resolv.conf || exit 125
        mount --bind '{podDirectory}/serviceaccount' /run/secrets/kubernetes.io/serviceaccount || exit 125
        hostname '{hostname}' || exit 125
        exec "$@"

        """;
}
