using System.Net;
using HealthChecks.Kube.Manifests;
using HealthChecks.Kube.Resources;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Manifests;

public class ApiDiscoveryTests
{
    private const string CoreV1 = """
        {"kind":"APIResourceList","groupVersion":"v1","resources":[
          {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get"]},
          {"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]},
          {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["get"]}]}
        """;

    private const string KhV1 = """
        {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"comcast.github.io/v1","resources":[
          {"name":"khchecks","singularName":"khcheck","namespaced":true,"kind":"KuberhealthyCheck","verbs":["get"]}]}
        """;

    private const string KhV1WithStates = """
        {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"comcast.github.io/v1","resources":[
          {"name":"khchecks","singularName":"khcheck","namespaced":true,"kind":"KuberhealthyCheck","verbs":["get"]},
          {"name":"khstates","singularName":"khstate","namespaced":true,"kind":"KuberhealthyState","verbs":["get"]}]}
        """;

    [Fact]
    public async Task ResolveAsync_CoreKind_ReadsApiV1AndSkipsSubresources()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, CoreV1));
        using var client = FakeApi.Client(server);
        var discovery = new ApiDiscovery(client);

        Assert.Equal(BuiltInKinds.Pods, await discovery.ResolveAsync("v1", "Pod"));
        Assert.Equal(new ResourceKind("", "v1", "namespaces", "Namespace", Namespaced: false), await discovery.ResolveAsync("v1", "Namespace"));
        Assert.Equal("/api/v1", Assert.Single(server.Requests).Path); // the second kind came from the cache
    }

    [Fact]
    public async Task ResolveAsync_GroupKind_ReadsApisGroupVersion()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, KhV1));
        using var client = FakeApi.Client(server);

        var kind = await new ApiDiscovery(client).ResolveAsync("comcast.github.io/v1", "KuberhealthyCheck");

        Assert.Equal(new ResourceKind("comcast.github.io", "v1", "khchecks", "KuberhealthyCheck", Namespaced: true), kind);
        Assert.Equal("/apis/comcast.github.io/v1", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task ResolveAsync_KindAddedSinceCached_IsFoundOnOneFreshRead()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, n) => new CannedResponse(200, n == 1 ? KhV1 : KhV1WithStates));
        using var client = FakeApi.Client(server);
        var discovery = new ApiDiscovery(client);
        await discovery.ResolveAsync("comcast.github.io/v1", "KuberhealthyCheck");

        var states = await discovery.ResolveAsync("comcast.github.io/v1", "KuberhealthyState");

        Assert.Equal("khstates", states.Plural);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ResolveAsync_KindNotServed_ThrowsAfterOneFreshRead()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, KhV1));
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ApiDiscovery(client).ResolveAsync("comcast.github.io/v1", "KuberhealthyJob"));

        Assert.Contains("does not serve kind 'KuberhealthyJob' in 'comcast.github.io/v1'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ResolveAsync_GroupNotServed_ThrowsAskingForTheCrd()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource"));
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ApiDiscovery(client).ResolveAsync("comcast.github.io/v1", "KuberhealthyCheck"));

        Assert.Contains("is its CRD installed and established?", error.Message, StringComparison.Ordinal);
    }
}
