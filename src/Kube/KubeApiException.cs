using System.Net;
using HealthChecks.Kube.Models;

namespace HealthChecks.Kube;

/// <summary>
/// The one exception the client throws for an API outcome: the HTTP status plus the API's own
/// <c>Status</c> body (reason and message), so callers can tell 403, 404, 409, 410 and 422 apart.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(HttpStatusCode statusCode, V1Status? status, string? requestDescription = null)
        : base(Describe(statusCode, status, requestDescription))
    {
        StatusCode = statusCode;
        Status = status;
    }

    public KubeApiException()
        : this(HttpStatusCode.InternalServerError, null)
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }

    public V1Status? Status { get; }

    /// <summary>The machine-readable reason (<c>NotFound</c>, <c>Conflict</c>, <c>Expired</c>, ...).</summary>
    public string? Reason => Status?.Reason;

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    public bool IsAlreadyExists => IsConflict && Reason == "AlreadyExists";

    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;

    public bool IsInvalid => StatusCode == HttpStatusCode.UnprocessableEntity;

    /// <summary>410, or a watch ERROR with reason Expired: the resourceVersion is too old; list again.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone || Reason is "Expired" or "Gone";

    private static string Describe(HttpStatusCode code, V1Status? status, string? request)
    {
        var what = request is null ? "" : request + ": ";
        var message = string.IsNullOrWhiteSpace(status?.Message) ? code.ToString() : status.Message;
        return $"{what}{(int)code} {status?.Reason ?? code.ToString()}: {message}";
    }
}
