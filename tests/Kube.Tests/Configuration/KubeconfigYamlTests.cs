using k8s.Exceptions;

namespace HealthChecks.Kube.Tests.Configuration;

// Kubeconfig files are read by our own YAML reader (KubeconfigYaml), not the client's KubernetesYaml:
// these are the cases where the two could differ. KubeClientsTests and KubeClientsTlsTests cover the rest.
public sealed class KubeconfigYamlTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FromKubeconfig_EmptyFile_NamesTheFile()
    {
        var path = _folder.Write("empty", "");

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_MissingFile_SaysNotFound()
    {
        var path = _folder.PathOf("absent");

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(path));

        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_FieldsTheModelLacksAndMergeKeys_AreReadAsKubectlDoes()
    {
        // kubectl writes fields the client's model lacks (preferences' colors, a user's
        // extensions it does not know); YAML merge keys are followed, as the client's reader does.
        var path = _folder.Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            preferences: {colors: true}
            unknown-top-level: 1
            clusters:
            - name: local
              cluster: &base {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true, proxy-url: "http://127.0.0.1:3128"}
            - name: copy
              cluster: {<<: *base, server: "https://127.0.0.2:6443"}
            users:
            - name: me
              user: {token: abc, unknown-field: x}
            contexts:
            - name: dev
              context: {cluster: copy, user: me, namespace: team}
            """);

        var config = KubeClients.FromKubeconfig(path);

        Assert.Equal("https://127.0.0.2:6443/", new Uri(config.Host).ToString());
        Assert.True(config.SkipTlsVerify);
        Assert.Equal("abc", config.AccessToken);
        Assert.Equal("team", config.Namespace);
    }
}
