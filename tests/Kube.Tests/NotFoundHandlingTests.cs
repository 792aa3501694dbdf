using System.Net;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube.Tests;

public class NotFoundHandlingTests
{
    [Fact]
    public async Task OrNullIfNotFound_Found_ReturnsTheObject()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "web-0" } };

        Assert.Same(pod, await Task.FromResult(pod).OrNullIfNotFound());
    }

    [Fact]
    public async Task OrNullIfNotFound_404_ReturnsNull()
    {
        Assert.Null(await Task.FromException<V1Pod>(FakeApi.Error(HttpStatusCode.NotFound, "NotFound")).OrNullIfNotFound());
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "Forbidden")]
    [InlineData(HttpStatusCode.Gone, "Gone")]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError")]
    public async Task OrNullIfNotFound_OtherApiError_ThrowsIt(HttpStatusCode code, string reason)
    {
        var error = FakeApi.Error(code, reason);

        Assert.Same(error, await Assert.ThrowsAsync<HttpOperationException>(() => Task.FromException<V1Pod>(error).OrNullIfNotFound()));
    }

    [Fact]
    public async Task OrNullIfNotFound_TransportFailure_ThrowsIt()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => Task.FromException<V1Pod>(new HttpRequestException("refused")).OrNullIfNotFound());
    }

    [Fact]
    public async Task ExceptNotFound_Succeeded_ReturnsTrue()
    {
        Assert.True(await Task.FromResult(new V1Pod()).ExceptNotFound());
    }

    [Fact]
    public async Task ExceptNotFound_404_ReturnsFalse()
    {
        Assert.False(await Task.FromException<V1Pod>(FakeApi.Error(HttpStatusCode.NotFound, "NotFound")).ExceptNotFound());
    }

    [Fact]
    public async Task ExceptNotFound_Conflict_ThrowsIt()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Task.FromException<V1Pod>(FakeApi.Error(HttpStatusCode.Conflict, "Conflict")).ExceptNotFound());

        Assert.True(error.IsConflict());
    }

    [Fact]
    public async Task TypedCalls_AgainstAnApiThatAnswers404_GiveNullAndFalse()
    {
        await using var server = await LoopbackHttpServer.StartAsync((_, _) => FakeApi.Status(HttpStatusCode.NotFound, "NotFound", "pods \"web-0\" not found"));
        using var client = FakeApi.Client(server);

        Assert.Null(await client.CoreV1.ReadNamespacedPodAsync("web-0", "ns").OrNullIfNotFound());
        Assert.False(await client.CoreV1.DeleteNamespacedPodAsync("web-0", "ns").ExceptNotFound());

        Assert.Equal(
            [("GET", "/api/v1/namespaces/ns/pods/web-0"), ("DELETE", "/api/v1/namespaces/ns/pods/web-0")],
            server.Requests.Select(r => (r.Method, r.Path)));
    }
}
