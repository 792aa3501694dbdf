using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;

namespace HealthChecks.Kube.IntegrationTests;

// The kubeconfig of a managed cluster (EKS, GKE, AKS): its user runs a plugin that prints an
// ExecCredential. Here the plugin prints a token of the local API server's tokens.csv.
[Collection(ControlPlaneGroup.Name)]
public sealed class ExecPluginTests(ControlPlaneFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kube-exec-").FullName;

    [Theory]
    [InlineData(ExecCredentialPlugin.V1)]
    [InlineData(ExecCredentialPlugin.V1Beta1)]
    public async Task ExecPlugin_AdminTokenFromTokensCsv_IsAcceptedByTheApiServer(string apiVersion)
    {
        var plugin = ExecCredentialPlugin.Write(Path.Combine(_folder, "plugin.sh"), apiVersion, Token("admin"));
        using var client = KubeClients.CreateFromKubeconfig(Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, apiVersion)));

        var namespaces = await client.CoreV1.ListNamespaceAsync();
        var ready = await client.GetStringAsync("/readyz");

        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");
        Assert.Equal("ok", ready);
        Assert.NotEmpty(ExecCredentialPlugin.Runs(plugin));
    }

    [Fact]
    public async Task ExecPlugin_TokenOfAnotherUser_IsThatUsersIdentity()
    {
        // Proof that the plugin's token is what the API server sees: nobody may not list pods.
        var plugin = ExecCredentialPlugin.Write(Path.Combine(_folder, "plugin.sh"), ExecCredentialPlugin.V1, Token("nobody"));
        using var client = KubeClients.CreateFromKubeconfig(Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1)));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedPodAsync("default"));

        Assert.True(error.IsForbidden(), error.Describe());
        Assert.Contains("User \"nobody\"", error.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExecPlugin_ExitsNonZero_FailsClearlyBeforeAnyRequest()
    {
        var plugin = ExecCredentialPlugin.Write(Path.Combine(_folder, "plugin.sh"), ExecCredentialPlugin.V1, "unused", exitCode: 3, stderr: "error: token expired, run login");
        var kubeconfig = Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1));

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.CreateFromKubeconfig(kubeconfig));

        Assert.StartsWith("external exec failed", error.Message, StringComparison.Ordinal);
        Assert.Single(ExecCredentialPlugin.Runs(plugin));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // tokens.csv lines: token,user,uid[,groups]
    private string Token(string user) => File.ReadAllLines(Path.Combine(fixture.Cluster.StateDirectory, "tokens.csv"))
        .Select(line => line.Split(','))
        .First(fields => fields.Length >= 2 && fields[1] == user)[0];

    private string Kubeconfig(string user)
    {
        var path = Path.Combine(_folder, "kubeconfig");
        var userBlock = string.Join('\n', user.Split('\n').Select(line => "    " + line));
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            current-context: exec@local
            clusters:
            - name: local
              cluster:
                server: {{fixture.Cluster.Environment["APISERVER_URL"]}}
                certificate-authority: {{fixture.Cluster.Environment["CA_FILE"]}}
            users:
            - name: exec
              user:
            {{userBlock}}
            contexts:
            - name: exec@local
              context: {cluster: local, user: exec, namespace: default}
            """);
        return path;
    }
}
