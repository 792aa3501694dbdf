using System.Globalization;
using HealthChecks.TestKit;
using k8s;
using k8s.Exceptions;

namespace HealthChecks.Kube.Tests.Configuration;

// A kubeconfig whose user is an exec credential plugin (EKS, GKE, AKS): the token it prints must
// reach the API server, for every call including raw GETs.
public sealed class ExecPluginTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private LoopbackHttpServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"kind":"NamespaceList","apiVersion":"v1","metadata":{},"items":[]}"""));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(ExecCredentialPlugin.V1)]
    [InlineData(ExecCredentialPlugin.V1Beta1)]
    public async Task ExecUser_TokenFromThePlugin_ReachesTheServer(string apiVersion)
    {
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), apiVersion, "exec-token");
        using var client = KubeClients.CreateFromKubeconfig(Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, apiVersion)));

        await client.CoreV1.ListNamespaceAsync();
        await client.GetStringAsync("/apis/comcast.github.io/v1");

        Assert.Equal(["Bearer exec-token", "Bearer exec-token"], _server.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task ExecUser_ArgsEnvAndExecInfo_ArePassedToThePlugin()
    {
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), ExecCredentialPlugin.V1, "token-for-$CLUSTER_NAME");
        var user = ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1, ["token", "--cluster-name", "prod"], new Dictionary<string, string> { ["CLUSTER_NAME"] = "prod" });
        using var client = KubeClients.CreateFromKubeconfig(Kubeconfig(user));

        await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("Bearer token-for-prod", Assert.Single(_server.Requests).Header("Authorization"));
        var run = ExecCredentialPlugin.Runs(plugin)[0];
        Assert.Contains("\"apiVersion\":\"client.authentication.k8s.io/v1\"", run, StringComparison.Ordinal);
        Assert.EndsWith(" token --cluster-name prod", run, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecUser_TokenWithoutExpiry_IsNotFetchedAgainForEachCall()
    {
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), ExecCredentialPlugin.V1, "token-$n");
        using var client = KubeClients.CreateFromKubeconfig(Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1)));

        await client.CoreV1.ListNamespaceAsync();
        var runsAfterFirstCall = ExecCredentialPlugin.Runs(plugin).Count;
        await client.CoreV1.ListNamespaceAsync();
        await client.CoreV1.ListNamespaceAsync();

        Assert.Equal(runsAfterFirstCall, ExecCredentialPlugin.Runs(plugin).Count);
        Assert.Single(_server.Requests.Select(r => r.Header("Authorization")).Distinct());
    }

    [Fact]
    public async Task ExecUser_TokenAboutToExpire_IsFetchedAgainBeforeTheNextCall()
    {
        // The library refreshes a token 30 s before its expirationTimestamp.
        var soon = DateTimeOffset.UtcNow.AddSeconds(5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), ExecCredentialPlugin.V1, "token-$n", expiration: soon);
        using var client = KubeClients.CreateFromKubeconfig(Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1)));

        await client.CoreV1.ListNamespaceAsync();
        await client.CoreV1.ListNamespaceAsync();

        var tokens = _server.Requests.Select(r => r.Header("Authorization")).ToList();
        Assert.Equal(2, tokens.Distinct().Count());
        Assert.Equal($"Bearer token-{ExecCredentialPlugin.Runs(plugin).Count}", tokens[^1]);
    }

    [Fact]
    public void ExecUser_PluginExitsNonZero_FailsClearlyWhenTheClientIsMade()
    {
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), ExecCredentialPlugin.V1, "unused", exitCode: 1, stderr: "error: the SSO session has expired");
        var path = Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1));

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.CreateFromKubeconfig(path));

        Assert.StartsWith("external exec failed", error.Message, StringComparison.Ordinal);
        Assert.Single(ExecCredentialPlugin.Runs(plugin));
        Assert.Empty(_server.Requests);
    }

    // The library never looks at the plugin's exit code and hands its stderr only to a static
    // event; alone, a plugin that fails ("the SSO session has expired", exit 1) surfaces as a JSON
    // parse error with a stack trace. KubeClients keeps what the plugin said and tells that.
    [Fact]
    public void ExecUser_PluginExitsNonZero_ErrorSaysWhatThePluginSaid()
    {
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), ExecCredentialPlugin.V1, "unused", exitCode: 1, stderr: "error: the SSO session has expired");
        var path = Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1));

        var error = Assert.ThrowsAny<Exception>(() => KubeClients.CreateFromKubeconfig(path));

        Assert.StartsWith("external exec failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("the SSO session has expired", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecUser_PluginNotFound_FailsNamingTheProblem()
    {
        var path = Kubeconfig(ExecCredentialPlugin.KubeconfigUser(_folder.PathOf("no-such-plugin"), ExecCredentialPlugin.V1));

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.CreateFromKubeconfig(path));

        Assert.StartsWith("external exec failed due to:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecUser_CredentialOfAnotherApiVersion_IsRefused()
    {
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), ExecCredentialPlugin.V1Beta1, "exec-token");
        var path = Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1));

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.CreateFromKubeconfig(path));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecUser_CredentialWithoutToken_IsRefused()
    {
        var plugin = ExecCredentialPlugin.Write(_folder.PathOf("plugin.sh"), ExecCredentialPlugin.V1, "");
        var path = Kubeconfig(ExecCredentialPlugin.KubeconfigUser(plugin, ExecCredentialPlugin.V1));

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.CreateFromKubeconfig(path));

        Assert.Contains("missing token", error.Message, StringComparison.Ordinal);
    }

    private string Kubeconfig(string user) => Kubeconfigs.Write(_folder, "config", Kubeconfigs.Cluster(_server.BaseUri), user);
}
