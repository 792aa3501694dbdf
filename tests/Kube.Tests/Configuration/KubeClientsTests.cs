using HealthChecks.TestKit;
using k8s;
using k8s.Exceptions;

namespace HealthChecks.Kube.Tests.Configuration;

// Kubeconfigs are read by the official loader now; these pin what users of the old one relied on.
public class KubeClientsTests
{
    private static readonly Uri Local = new("https://127.0.0.1:6443");

    [Fact]
    public void FromKubeconfig_TokenUser_ReadsServerNamespaceAndToken()
    {
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(Local), user: "{token: abc123}");

        var config = KubeClients.FromKubeconfig(path);

        Assert.Equal(("https://127.0.0.1:6443/", "team", "abc123", "dev"), (config.Host.TrimEnd('/') + "/", config.Namespace, config.AccessToken, config.CurrentContext));
        Assert.Null(config.SslCaCerts);
        Assert.False(config.SkipTlsVerify);
    }

    [Fact]
    public async Task CreateFromKubeconfig_TokenUser_SendsTheToken()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{},"items":[]}"""));
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(server.BaseUri), user: "{token: abc123}");
        using var client = KubeClients.CreateFromKubeconfig(path);

        await client.CoreV1.ListNamespacedPodAsync("team");

        var request = Assert.Single(server.Requests);
        Assert.Equal(("/api/v1/namespaces/team/pods", "Bearer abc123"), (FakeApi.SplitQuery(request.Path).Path, request.Header("Authorization")));
    }

    // Our own User-Agent (the library's default is "kubernetes-csharp/<version>"), which audit logs
    // and API priority rules can tell apart: the program's name and version, as client-go does.
    [Fact]
    public async Task Create_Requests_CarryTheProgramAsUserAgent()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{},"items":[]}"""));
        using var client = FakeApi.Client(server);

        await client.CoreV1.ListNamespaceAsync();

        var sent = Assert.Single(server.Requests).Header("User-Agent");
        Assert.Equal(KubeClients.UserAgent, sent);
        Assert.DoesNotContain("kubernetes-csharp", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void UserAgentOf_AnAssembly_IsItsNameAndVersionWithoutTheCommit()
    {
        var agent = KubeClients.UserAgentOf(typeof(KubeClients).Assembly);

        Assert.Matches(@"^HealthChecks\.Kube/\d+\.\d+\.\d+[^+/ ]*$", agent);
    }

    [Fact]
    public void UserAgentOf_NoEntryAssembly_IsTheProductName() =>
        Assert.Equal("healthchecks", KubeClients.UserAgentOf(null));

    [Fact]
    public void FromKubeconfig_ContextGiven_UsesItInsteadOfTheCurrentOne()
    {
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(Local));

        var config = KubeClients.FromKubeconfig(path, context: "plain");

        Assert.Equal("plain", config.CurrentContext);
        Assert.Null(config.Namespace); // no namespace in that context: callers fall back to their own default
    }

    // The library speaks HTTP/2 to the API server: one connection carries every call and watch. One
    // that died silently (shown by the fault suite: a replica cut off by a blackholing network stayed
    // cut off after the network came back) must be found by a ping and replaced, as client-go does.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Create_PingsQuietConnections_AndDropsOneWhosePingGoesUnanswered(bool withCertificateAuthority)
    {
        using var authority = TestCertificates.CreateAuthority("test-ca");
        SocketsHttpHandler? handler = null;
        var configuration = new KubernetesClientConfiguration { Host = "https://127.0.0.1:1", FirstMessageHandlerSetup = h => handler = h as SocketsHttpHandler };
        if (withCertificateAuthority)
        {
            configuration.SslCaCerts = [authority];
        }

        using var client = KubeClients.Create(configuration);

        Assert.NotNull(handler);
        Assert.Equal(
            (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), HttpKeepAlivePingPolicy.Always),
            (handler.KeepAlivePingDelay, handler.KeepAlivePingTimeout, handler.KeepAlivePingPolicy));
    }

    [Fact]
    public void Create_DefaultTimeout_Is30SecondsForEveryCallButWatches()
    {
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

        Assert.Equal(TimeSpan.FromSeconds(30), client.HttpClientTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), KubeClients.DefaultRequestTimeout);
    }

    [Fact]
    public async Task Create_GivenTimeout_EndsASlowCall()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, "{}", TimeSpan.FromSeconds(10)));
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = server.BaseUri.ToString() }, TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Equal("the API request timed out", error.Describe());
    }

    [Fact]
    public async Task FromKubeconfig_BasicAuthUser_SendsBasicCredentials()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{},"items":[]}"""));
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(server.BaseUri), user: "{username: admin, password: secret}");
        using var client = KubeClients.CreateFromKubeconfig(path);

        await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("Basic " + TestCertificates.Base64("admin:secret"), Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public void FromKubeconfig_CurrentContextNotDefined_ThrowsNamingIt()
    {
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(Local), currentContext: "prod");

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(path));

        Assert.Contains("prod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_ContextsClusterNotDefined_Throws()
    {
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(Local));

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(path, context: "orphan"));

        Assert.Contains("Cluster not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_UserWithoutCredentials_Throws()
    {
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(Local), user: "{}");

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(path));

        Assert.Contains("does not have appropriate auth credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_TokenFileUser_IsRefusedRatherThanSentAnonymously()
    {
        // The old loader read tokenFile; the official one does not know the field. What matters is
        // that such a kubeconfig fails at startup instead of sending unauthenticated requests.
        using var folder = new TempDirectory();
        folder.Write("secrets/token", "from-file\n");
        var path = Kubeconfigs.Write(folder, "config", Kubeconfigs.Cluster(Local), user: "{tokenFile: secrets/token}");

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(path));

        Assert.Contains("does not have appropriate auth credentials", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{server: \"not a url\"}")]
    public void FromKubeconfig_NoValidServer_Throws(string cluster)
    {
        using var folder = new TempDirectory();
        var path = Kubeconfigs.Write(folder, "config", cluster);

        Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(path));
    }

    [Fact]
    public void FromKubeconfig_MissingFile_ThrowsNamingIt()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<KubeConfigException>(() => KubeClients.FromKubeconfig(folder.PathOf("absent")));

        Assert.Contains(folder.PathOf("absent"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_InvalidYaml_Throws()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("config", "clusters: [unclosed\n");

        Assert.ThrowsAny<Exception>(() => KubeClients.FromKubeconfig(path));
    }

    [Fact]
    public async Task Create_ServerDown_ThrowsHttpRequestException()
    {
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{FreePort.Tcp()}" }, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Null(error.ApiStatusCode());
        Assert.False(error.IsNotFound());
    }
}
