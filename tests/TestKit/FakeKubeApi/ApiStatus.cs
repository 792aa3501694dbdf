using System.Text.Json.Nodes;

namespace HealthChecks.TestKit.FakeKubeApi;

/// <summary>
/// <c>Status</c> bodies as the API server writes them (field order included), so that the
/// official client's exceptions carry what they carry against a real cluster.
/// </summary>
public static class ApiStatus
{
    /// <summary>The reason the API server gives with each code it answers (k8s.io/apimachinery's StatusReason).</summary>
    public static string ReasonOf(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Expired",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };

    public static JsonObject Failure(int code, string message, string? reason = null, ResourceAddress? about = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason ?? ReasonOf(code),
        ["details"] = Details(about),
        ["code"] = code,
    };

    public static JsonObject Success(ResourceAddress about, string? uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Details(about, uid),
    };

    /// <summary><c>pods "x" not found</c>, <c>khstates.comcast.github.io "x" not found</c>.</summary>
    public static JsonObject NotFound(ResourceAddress address) =>
        Failure(404, $"{Resource(address)} \"{address.Name}\" not found", about: address);

    public static JsonObject AlreadyExists(ResourceAddress address) =>
        Failure(409, $"{Resource(address)} \"{address.Name}\" already exists", "AlreadyExists", address);

    public static JsonObject Conflict(ResourceAddress address) =>
        Failure(409, $"Operation cannot be fulfilled on {Resource(address)} \"{address.Name}\": the object has been modified; please apply your changes to the latest version and try again", "Conflict", address);

    /// <summary>The resource as the API server names it in messages: the plural, with its group unless core.</summary>
    public static string Resource(ResourceAddress address) =>
        address.Group.Length == 0 ? address.Plural : $"{address.Plural}.{address.Group}";

    private static JsonObject Details(ResourceAddress? about, string? uid = null)
    {
        var details = new JsonObject();
        if (about?.Name is { } name)
        {
            details["name"] = name;
        }

        if (about is not null)
        {
            if (about.Group.Length > 0)
            {
                details["group"] = about.Group;
            }

            details["kind"] = about.Plural;
        }

        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return details;
    }
}
