using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube;

/// <summary>
/// Reads the API's answer out of the official client's exceptions: an HTTP error arrives as
/// <see cref="HttpOperationException"/> (with the <c>Status</c> body as text), a watch ERROR
/// event as <see cref="KubernetesException"/> (with the <c>Status</c> parsed). Callers tell 404,
/// 409, 410 and 422 apart without parsing either themselves.
/// </summary>
public static class KubeApiErrors
{
    private const int MaxDescribedMessage = 512;

    /// <summary>The HTTP status of an API answer, or null for anything else (transport, timeout).</summary>
    public static HttpStatusCode? ApiStatusCode(this Exception error) => error switch
    {
        HttpOperationException http when http.Response is not null => http.Response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    /// <summary>The API's <c>Status</c> object, when the answer carried one.</summary>
    public static V1Status? ApiStatus(this Exception error)
    {
        switch (error)
        {
            case KubernetesException kube:
                return kube.Status;
            case HttpOperationException { Response.Content: { Length: > 0 } content }:
                try
                {
                    var status = KubernetesJson.Deserialize<V1Status>(content);
                    return status?.Kind == "Status" ? status : null;
                }
                catch (JsonException)
                {
                    return null; // a proxy's HTML page, say
                }

            default:
                return null;
        }
    }

    /// <summary>The machine-readable reason (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Expired</c>, ...).</summary>
    public static string? ApiReason(this Exception error) => error.ApiStatus()?.Reason;

    public static bool IsNotFound(this Exception error) => error.ApiStatusCode() == HttpStatusCode.NotFound;

    /// <summary>409 of either kind: a stale resourceVersion, or a create of a name that exists.</summary>
    public static bool IsConflict(this Exception error) => error.ApiStatusCode() == HttpStatusCode.Conflict;

    public static bool IsAlreadyExists(this Exception error) => error.IsConflict() && error.ApiReason() == "AlreadyExists";

    public static bool IsForbidden(this Exception error) => error.ApiStatusCode() == HttpStatusCode.Forbidden;

    public static bool IsInvalid(this Exception error) => error.ApiStatusCode() == HttpStatusCode.UnprocessableEntity;

    /// <summary>410, or a watch ERROR with reason Expired/Gone: the resourceVersion is too old; list again.</summary>
    public static bool IsGone(this Exception error) =>
        error.ApiStatusCode() == HttpStatusCode.Gone || error.ApiReason() is "Expired" or "Gone";

    /// <summary>
    /// One bounded line for logs, khstates and Events: "409 Conflict: the object has been modified"
    /// for an API answer, the exception's own message otherwise. The library's own message repeats
    /// the whole response body.
    /// </summary>
    public static string Describe(this Exception error)
    {
        string text;
        if (error.ApiStatusCode() is { } code)
        {
            var status = error.ApiStatus();
            var message = string.IsNullOrWhiteSpace(status?.Message) ? code.ToString() : status.Message;
            text = $"{(int)code} {status?.Reason ?? code.ToString()}: {message}";
        }
        else
        {
            text = error is TaskCanceledException or OperationCanceledException or TimeoutException
                ? "the API request timed out"
                : error.GetBaseException().Message;
        }

        return text.Length <= MaxDescribedMessage ? text : text[..MaxDescribedMessage] + "...";
    }
}
