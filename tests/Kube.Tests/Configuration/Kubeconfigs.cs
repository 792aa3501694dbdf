namespace HealthChecks.Kube.Tests.Configuration;

/// <summary>Kubeconfig files for the loader tests: one cluster "local", one user "me", contexts "dev" (namespace team) and "orphan".</summary>
internal static class Kubeconfigs
{
    public static string Cluster(Uri server, string extra = "") =>
        extra.Length == 0 ? $$"""{server: "{{server}}"}""" : $$"""{server: "{{server}}", {{extra}}}""";

    /// <summary>A kubeconfig; <paramref name="user"/> is the user mapping, in flow style or as indented block lines.</summary>
    public static string Write(TempDirectory folder, string relativePath, string cluster, string user = "{token: abc}", string currentContext = "dev")
    {
        var userBlock = user.StartsWith('{') ? " " + user : "\n" + string.Join('\n', user.Split('\n').Select(line => "    " + line));
        return folder.Write(relativePath, $$"""
            apiVersion: v1
            kind: Config
            current-context: {{currentContext}}
            clusters:
            - name: local
              cluster: {{cluster}}
            users:
            - name: me
              user:{{userBlock}}
            contexts:
            - name: dev
              context: {cluster: local, user: me, namespace: team}
            - name: plain
              context: {cluster: local, user: me}
            - name: orphan
              context: {cluster: missing, user: me}
            """);
    }
}
