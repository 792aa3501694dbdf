using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace HealthChecks.LocalCluster.Simulation;

/// <summary>
/// Works around KubernetesClient 21.0.8: a watch that the API server ends (timeoutSeconds) without
/// a single event has an empty body, and the client then throws <see cref="HttpRequestException"/>
/// (an <see cref="EndOfStreamException"/> from peeking the first line) instead of ending the stream.
/// <c>ResourceWatcher</c> counts that as a failure, and as its back-off grows with every idle
/// window, the watch of a quiet node or of quiet Services would stay down for up to 45 s at a time
/// (a pod bound meanwhile would start that late). Here such an empty body reads as one BOOKMARK at
/// the resourceVersion the watch started from, which is exactly what it says: nothing changed
/// since. Remove once src/Kube's ResourceClient ends an empty watch cleanly itself.
/// </summary>
internal sealed class EmptyWatchBookmarks : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && WatchResourceVersion(request.RequestUri) is { } resourceVersion)
        {
            response.Content = new BookmarkWhenEmpty(response.Content, resourceVersion);
        }

        return response;
    }

    internal static string? WatchResourceVersion(Uri? uri)
    {
        if (uri is null)
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(uri.Query);
        return query.TryGetValue("watch", out var watch) && watch == "true"
            && query.TryGetValue("resourceVersion", out var version) && !string.IsNullOrEmpty(version)
            ? version.ToString()
            : null;
    }

    /// <summary>The watch line the API server would send: a BOOKMARK carrying only a resourceVersion.</summary>
    internal static byte[] BookmarkLine(string resourceVersion) =>
        Encoding.UTF8.GetBytes($"{{\"type\":\"BOOKMARK\",\"object\":{{\"metadata\":{{\"resourceVersion\":\"{resourceVersion}\"}}}}}}\n");

    /// <summary>The response body, streamed as it arrives (a watch never ends on its own), with the bookmark if it is empty.</summary>
    private sealed class BookmarkWhenEmpty : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly string _resourceVersion;

        public BookmarkWhenEmpty(HttpContent inner, string resourceVersion)
        {
            _inner = inner;
            _resourceVersion = resourceVersion;
            foreach (var (name, values) in inner.Headers)
            {
                Headers.TryAddWithoutValidation(name, values);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync() =>
            new FallbackWhenEmptyStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), BookmarkLine(_resourceVersion));

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var body = await CreateContentReadStreamAsync().ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await body.CopyToAsync(stream).ConfigureAwait(false);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
