using System.Net;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;

namespace HealthChecks.Kube.Tests;

public class RawRequestsTests
{
    [Fact]
    public async Task GetStringAsync_Ok_ReturnsTheBodyAndSendsTheClientsBearerToken()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, "ok"));
        using var client = FakeApi.Client(server, token: "raw-token");

        var body = await client.GetStringAsync("/readyz");

        Assert.Equal("ok", body);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/readyz", "Bearer raw-token"), (request.Method, request.Path, request.Header("Authorization")));
    }

    [Fact]
    public async Task GetStringAsync_PathWithoutLeadingSlashAndQuery_IsSentAsGiven()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, "# metrics"));
        using var client = FakeApi.Client(server);

        await client.GetStringAsync("apis/comcast.github.io/v1?timeout=5s");

        Assert.Equal("/apis/comcast.github.io/v1?timeout=5s", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task GetStringAsync_NotFoundWithStatus_ThrowsHttpOperationExceptionReadLikeAnyOther()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource"));
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.GetStringAsync("/apis/comcast.github.io/v1"));

        Assert.Equal(HttpStatusCode.NotFound, error.ApiStatusCode());
        Assert.True(error.IsNotFound());
        Assert.Equal("404 NotFound: the server could not find the requested resource", error.Describe());
        Assert.Contains("GET /apis/comcast.github.io/v1: 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStringAsync_ServiceUnavailablePlainText_ThrowsWithTheCode()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(503, "[-]etcd failed: reason withheld\nreadyz check failed"));
        using var client = FakeApi.Client(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.GetStringAsync("/readyz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.ApiStatusCode());
        Assert.Null(error.ApiStatus());
        Assert.Equal("[-]etcd failed: reason withheld\nreadyz check failed", error.Response.Content);
    }

    [Fact]
    public async Task GetStringAsync_ServerSlowerThanTheClientTimeout_IsCancelled()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => new CannedResponse(200, "late", TimeSpan.FromSeconds(10)));
        using var client = KubeClients.Create(new KubernetesClientConfiguration { Host = server.BaseUri.ToString() }, TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetStringAsync("/metrics"));

        Assert.Equal("the API request timed out", error.Describe());
    }
}
