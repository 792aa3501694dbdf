using HealthChecks.TestKit;
using k8s;
using k8s.Exceptions;

namespace HealthChecks.Kube.Tests.Configuration;

/// <summary>Tests that set the process's KUBECONFIG run alone: nothing else may read it meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KubeconfigVariableGroup
{
    public const string Name = "KUBECONFIG variable";
}

// KubeClients.CreateDefault looks where kubectl does; KUBECONFIG is a ':'-separated list of files,
// merged with the first occurrence of a name winning.
[Collection(KubeconfigVariableGroup.Name)]
public sealed class KubeconfigVariableTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly string? _saved = Environment.GetEnvironmentVariable("KUBECONFIG");
    private LoopbackHttpServer _server = null!;
    private LoopbackHttpServer _other = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{},"items":[]}"""));
        _other = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, """{"metadata":{},"items":[]}"""));
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", _saved);
        await _server.DisposeAsync();
        await _other.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task CreateDefault_ListOfTwoFiles_MergesClustersContextsAndUsers()
    {
        // One file says where (cluster, context, namespace), the other who (the user).
        var where = _folder.Write("where", $$"""
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: local
              cluster: {server: "{{_server.BaseUri}}"}
            contexts:
            - name: dev
              context: {cluster: local, user: me, namespace: team}
            """);
        var who = _folder.Write("who", """
            apiVersion: v1
            kind: Config
            users:
            - name: me
              user: {token: merged-token}
            """);
        Environment.SetEnvironmentVariable("KUBECONFIG", where + ":" + who);

        var config = KubeClients.DefaultConfiguration();
        using var client = KubeClients.CreateDefault();
        await client.CoreV1.ListNamespacedConfigMapAsync(config.Namespace);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(("/api/v1/namespaces/team/configmaps", "Bearer merged-token"), (FakeApi.SplitQuery(request.Path).Path, request.Header("Authorization")));
    }

    [Fact]
    public async Task CreateDefault_SameNamesInBothFiles_TheFirstFileWins()
    {
        var first = Kubeconfigs.Write(_folder, "first", Kubeconfigs.Cluster(_server.BaseUri), user: "{token: first-token}");
        var second = Kubeconfigs.Write(_folder, "second", Kubeconfigs.Cluster(_other.BaseUri), user: "{token: second-token}", currentContext: "plain");
        Environment.SetEnvironmentVariable("KUBECONFIG", first + ":" + second);

        using var client = KubeClients.CreateDefault();
        await client.CoreV1.ListNamespaceAsync();

        Assert.Equal("Bearer first-token", Assert.Single(_server.Requests).Header("Authorization"));
        Assert.Empty(_other.Requests);
        Assert.Equal("team", KubeClients.DefaultConfiguration().Namespace); // the first file's current-context: dev
    }

    [Fact]
    public void DefaultConfiguration_SingleFile_IsThatFile()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", Kubeconfigs.Write(_folder, "only", Kubeconfigs.Cluster(_server.BaseUri), user: "{token: only-token}"));

        var config = KubeClients.DefaultConfiguration();

        Assert.Equal(("only-token", "team", "dev"), (config.AccessToken, config.Namespace, config.CurrentContext));
    }

    [Fact]
    public void DefaultConfiguration_NoFileOfTheListExists_ThrowsNamingOne()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", _folder.PathOf("absent"));

        var error = Assert.Throws<KubeConfigException>(KubeClients.DefaultConfiguration);

        Assert.Contains(_folder.PathOf("absent"), error.Message, StringComparison.Ordinal);
    }

    // kubectl and client-go skip files of the KUBECONFIG list that do not exist (a common
    // "~/.kube/config:~/.kube/other" where one is missing); the library alone refuses the whole list.
    [Fact]
    public void DefaultConfiguration_AFileOfTheListIsMissing_UsesTheOthers()
    {
        var present = Kubeconfigs.Write(_folder, "present", Kubeconfigs.Cluster(_server.BaseUri), user: "{token: present-token}");
        Environment.SetEnvironmentVariable("KUBECONFIG", _folder.PathOf("absent") + ":" + present);

        var config = KubeClients.DefaultConfiguration();

        Assert.Equal("present-token", config.AccessToken);
    }
}
