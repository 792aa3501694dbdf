using System.Security.Cryptography.X509Certificates;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace HealthChecks.Kube.Configuration;

/// <summary>
/// Finds the configuration as kubectl does: <c>KUBECONFIG</c> (a list of files; the first that
/// exists wins), then <c>~/.kube/config</c>, then the in-cluster service account.
/// </summary>
public static class KubeConfigLoader
{
    public const string ServiceAccountRoot = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Token files are re-read this often (client-go and the C# client use one minute).</summary>
    public static readonly TimeSpan TokenRefreshInterval = TimeSpan.FromMinutes(1);

    public static KubeClientConfiguration Load(TimeProvider? time = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        time ??= TimeProvider.System;

        var kubeconfigVariable = environment("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(kubeconfigVariable))
        {
            var candidates = kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var existing = candidates.FirstOrDefault(File.Exists)
                ?? throw new KubeConfigException($"KUBECONFIG is set to '{kubeconfigVariable}' but no such file exists");
            return FromKubeconfig(existing, context: null, time);
        }

        var home = environment("HOME");
        var defaultPath = home is null ? null : Path.Combine(home, ".kube", "config");
        if (defaultPath is not null && File.Exists(defaultPath))
        {
            return FromKubeconfig(defaultPath, context: null, time);
        }

        if (!string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")))
        {
            return InCluster(ServiceAccountRoot, time, environment);
        }

        throw new KubeConfigException(
            $"no Kubernetes configuration found: KUBECONFIG is not set, {defaultPath ?? "~/.kube/config"} does not exist, " +
            "and KUBERNETES_SERVICE_HOST is not set (not running in a pod)");
    }

    public static KubeClientConfiguration InCluster(string serviceAccountRoot = ServiceAccountRoot, TimeProvider? time = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeConfigException("in-cluster configuration needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT; one is not set");
        }

        var tokenPath = Path.Combine(serviceAccountRoot, "token");
        var caPath = Path.Combine(serviceAccountRoot, "ca.crt");
        var namespacePath = Path.Combine(serviceAccountRoot, "namespace");
        if (!File.Exists(caPath))
        {
            throw new KubeConfigException($"in-cluster configuration: the CA file '{caPath}' does not exist");
        }

        // An IPv6 host must be bracketed in a URI.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        return new KubeClientConfiguration
        {
            Server = new Uri($"https://{authority}"),
            Namespace = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "default",
            CertificateAuthorities = LoadPemFile(caPath, "in-cluster CA"),
            Token = new FileTokenSource(tokenPath, TokenRefreshInterval, time ?? TimeProvider.System),
            Source = $"in-cluster service account ({serviceAccountRoot})",
        };
    }

    public static KubeClientConfiguration FromKubeconfig(string path, string? context = null, TimeProvider? time = null)
    {
        KubeconfigFile file;
        try
        {
            var yaml = File.ReadAllText(path);
            file = new DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<KubeconfigFile?>(yaml)
                ?? throw new KubeConfigException($"kubeconfig '{path}' is empty");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"cannot read kubeconfig '{path}': {ex.Message}", ex);
        }
        catch (YamlException ex)
        {
            throw new KubeConfigException($"kubeconfig '{path}' is not valid YAML: {ex.Message}", ex);
        }

        return FromKubeconfig(file, path, context, time ?? TimeProvider.System);
    }

    internal static KubeClientConfiguration FromKubeconfig(KubeconfigFile file, string path, string? contextName, TimeProvider time)
    {
        contextName ??= file.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeConfigException($"kubeconfig '{path}' has no current-context and none was given");
        }

        // "users: null" (or an absent list) reads as null: treat it as empty.
        var context = (file.Contexts ?? []).FirstOrDefault(c => c.Name == contextName)?.Context
            ?? throw new KubeConfigException($"kubeconfig '{path}': context '{contextName}' is not defined");
        var cluster = (file.Clusters ?? []).FirstOrDefault(c => c.Name == context.Cluster)?.Cluster
            ?? throw new KubeConfigException($"kubeconfig '{path}': cluster '{context.Cluster}' (of context '{contextName}') is not defined");
        if (string.IsNullOrEmpty(cluster.Server) || !Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server))
        {
            throw new KubeConfigException($"kubeconfig '{path}': cluster '{context.Cluster}' has no valid server URL ('{cluster.Server}')");
        }

        var user = context.User is null ? null : (file.Users ?? []).FirstOrDefault(u => u.Name == context.User)?.User;
        if (context.User is not null && user is null)
        {
            throw new KubeConfigException($"kubeconfig '{path}': user '{context.User}' (of context '{contextName}') is not defined");
        }

        if (user is { Exec: not null } or { AuthProvider: not null })
        {
            throw new KubeConfigException($"kubeconfig '{path}': user '{context.User}' uses exec or auth-provider credentials, which this client does not support; use a token or a client certificate");
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return new KubeClientConfiguration
        {
            Server = server,
            Namespace = string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace,
            SkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            CertificateAuthorities = LoadCertificateAuthorities(cluster, baseDirectory, path),
            ClientCertificate = LoadClientCertificate(user, baseDirectory, path),
            Token = LoadToken(user, baseDirectory, time),
            Username = user?.Username,
            Password = user?.Password,
            Source = $"kubeconfig '{path}', context '{contextName}'",
        };
    }

    private static X509Certificate2Collection? LoadCertificateAuthorities(KubeconfigFile.ClusterEntry cluster, string baseDirectory, string path)
    {
        if (!string.IsNullOrEmpty(cluster.CertificateAuthorityData))
        {
            return LoadPem(DecodeBase64(cluster.CertificateAuthorityData, "certificate-authority-data", path), $"certificate-authority-data in '{path}'");
        }

        return string.IsNullOrEmpty(cluster.CertificateAuthority)
            ? null
            : LoadPemFile(Resolve(baseDirectory, cluster.CertificateAuthority), "certificate-authority");
    }

    private static X509Certificate2? LoadClientCertificate(KubeconfigFile.UserEntry? user, string baseDirectory, string path)
    {
        if (user is null)
        {
            return null;
        }

        var certificate = user.ClientCertificateData is { Length: > 0 } certData
            ? DecodeBase64(certData, "client-certificate-data", path)
            : ReadOptional(baseDirectory, user.ClientCertificate, "client-certificate");
        var key = user.ClientKeyData is { Length: > 0 } keyData
            ? DecodeBase64(keyData, "client-key-data", path)
            : ReadOptional(baseDirectory, user.ClientKey, "client-key");
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new KubeConfigException($"kubeconfig '{path}': a client certificate needs both the certificate and its key; one is missing");
        }

        return ClientCertificates.FromPem(certificate, key, path);
    }

    private static ITokenSource? LoadToken(KubeconfigFile.UserEntry? user, string baseDirectory, TimeProvider time)
    {
        if (!string.IsNullOrEmpty(user?.Token))
        {
            return new StaticTokenSource(user.Token);
        }

        return string.IsNullOrEmpty(user?.TokenFile)
            ? null
            : new FileTokenSource(Resolve(baseDirectory, user.TokenFile), TokenRefreshInterval, time);
    }

    private static string? ReadOptional(string baseDirectory, string? file, string what)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        var full = Resolve(baseDirectory, file);
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"cannot read {what} '{full}': {ex.Message}", ex);
        }
    }

    private static X509Certificate2Collection LoadPemFile(string file, string what) =>
        LoadPem(ReadOptional("/", file, what)!, $"{what} '{file}'");

    private static X509Certificate2Collection LoadPem(string pem, string what)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new KubeConfigException($"{what} is not a valid PEM certificate: {ex.Message}", ex);
        }

        return certificates.Count > 0 ? certificates : throw new KubeConfigException($"{what} holds no PEM certificate");
    }

    private static string DecodeBase64(string data, string field, string path)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        catch (FormatException ex)
        {
            throw new KubeConfigException($"kubeconfig '{path}': {field} is not valid base64", ex);
        }
    }

    // Relative paths in a kubeconfig are relative to the file itself, as kubectl resolves them.
    private static string Resolve(string baseDirectory, string file) => Path.IsPathRooted(file) ? file : Path.Combine(baseDirectory, file);
}
