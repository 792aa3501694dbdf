using System.Net;

namespace HealthChecks.Kube.Tests;

public class BufferedResponsesTests
{
    [Fact]
    public async Task SendAsync_OrdinaryCall_BodyReadBeforeTheResponseIsHandedOn()
    {
        var content = new TrackedContent();

        using var response = await SendAsync("https://api/apis/comcast.github.io/v1/namespaces/ns/khstates/a", content);

        Assert.True(content.ReadAsynchronously);
    }

    [Fact]
    public async Task SendAsync_Watch_BodyLeftToStream()
    {
        var content = new TrackedContent();

        using var response = await SendAsync("https://api/api/v1/namespaces/ns/pods?allowWatchBookmarks=true&resourceVersion=5&watch=true", content);

        Assert.False(content.ReadAsynchronously);
    }

    [Theory]
    [InlineData("https://api/api/v1/pods?watch=true", true)]
    [InlineData("https://api/api/v1/pods?resourceVersion=1&watch=1", true)]
    [InlineData("https://api/api/v1/pods?labelSelector=watch%3Dtrue", false)]
    [InlineData("https://api/api/v1/pods?watch=false", false)]
    [InlineData("https://api/api/v1/pods", false)]
    public void IsWatch_ByTheQueryParameter(string uri, bool watch) => Assert.Equal(watch, BufferedResponses.IsWatch(new Uri(uri)));

    private static async Task<HttpResponseMessage> SendAsync(string uri, HttpContent content)
    {
        using var invoker = new HttpMessageInvoker(new BufferedResponses { InnerHandler = new Answer(content) });
        return await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), CancellationToken.None);
    }

    private sealed class Answer(HttpContent content) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }

    // Stands for a network body: says whether it was read through the asynchronous path.
    private sealed class TrackedContent : HttpContent
    {
        public bool ReadAsynchronously { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            ReadAsynchronously = true;
            await stream.WriteAsync("{}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 2;
            return true;
        }
    }
}
