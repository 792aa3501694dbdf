namespace HealthChecks.TestKit;

/// <summary>
/// A client-go exec credential plugin as a small shell script (what EKS, GKE and AKS kubeconfigs
/// run): it prints an <c>ExecCredential</c> with a bearer token, and the kubeconfig's user block
/// that runs it.
/// </summary>
public static class ExecCredentialPlugin
{
    public const string V1 = "client.authentication.k8s.io/v1";

    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    /// <summary>
    /// Writes an executable script to <paramref name="path"/>. Each run appends a line to
    /// <c>path + ".runs"</c> (the environment variable <c>KUBERNETES_EXEC_INFO</c> and the
    /// arguments), then prints the credential. <paramref name="token"/> is shell text: <c>$n</c>
    /// is the 1-based run number. An <paramref name="expiration"/> (RFC 3339) goes into the status.
    /// A non-zero <paramref name="exitCode"/> prints nothing on stdout and
    /// <paramref name="stderr"/> on stderr, as a plugin whose login expired does.
    /// </summary>
    public static string Write(string path, string apiVersion, string token, string? expiration = null, int exitCode = 0, string stderr = "")
    {
        var expirationField = expiration is null ? "" : $",\"expirationTimestamp\":\"{expiration}\"";
        var output = exitCode == 0
            ? $"printf '{{\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"%s\"%s}}}}\\n' '{apiVersion}' \"{token}\" '{expirationField}'"
            : $"printf '%s\\n' '{stderr.Replace("'", "", StringComparison.Ordinal)}' >&2";
        var script = $$"""
            #!/bin/sh
            runs="{{path}}.runs"
            printf '%s %s\n' "$KUBERNETES_EXEC_INFO" "$*" >>"$runs"
            n=$(wc -l <"$runs" | tr -d ' ')
            {{output}}
            exit {{exitCode}}

            """;
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>How many times the script at <paramref name="path"/> ran, with what (one line a run).</summary>
    public static IReadOnlyList<string> Runs(string path) => File.Exists(path + ".runs") ? File.ReadAllLines(path + ".runs") : [];

    /// <summary>The kubeconfig <c>user:</c> mapping that runs <paramref name="command"/> (indented for a list item).</summary>
    public static string KubeconfigUser(string command, string apiVersion, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var lines = new List<string> { "exec:", $"  apiVersion: {apiVersion}", $"  command: {command}" };
        if (args is not null)
        {
            lines.Add("  args:");
            lines.AddRange(args.Select(a => $"  - {a}"));
        }

        if (env is not null)
        {
            lines.Add("  env:");
            lines.AddRange(env.SelectMany(e => new[] { $"  - name: {e.Key}", $"    value: {e.Value}" }));
        }

        lines.Add("  interactiveMode: Never");
        return string.Join('\n', lines);
    }
}
