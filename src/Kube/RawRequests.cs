using k8s;

namespace HealthChecks.Kube;

/// <summary>
/// A GET the official client has no typed call for (API discovery of a custom group, the API
/// server's own /readyz and /metrics), sent through the client's own HTTP pipeline and credentials
/// (token, client certificate, exec plugin), bounded by the client's request timeout.
/// </summary>
public static class RawRequests
{
    private const int MaxBodyChars = 16 * 1024 * 1024;

    public static async Task<string> GetStringAsync(this Kubernetes client, string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(client.HttpClientTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, pathAndQuery.TrimStart('/')));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, timeout.Token).ConfigureAwait(false);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new k8s.Autorest.HttpOperationException($"GET {pathAndQuery}: {(int)response.StatusCode} {response.StatusCode}")
            {
                Response = new k8s.Autorest.HttpResponseMessageWrapper(response, body.Length <= MaxBodyChars ? body : body[..MaxBodyChars]),
            };
        }

        return body;
    }
}
