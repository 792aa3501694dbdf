using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace HealthChecks.TestKit;

/// <summary>The exceptions the official client throws for an API answer, for tests of code that reads them.</summary>
public static class ApiAnswers
{
    /// <summary>What the client throws for a non-2xx answer carrying a <c>Status</c> body.</summary>
    public static HttpOperationException Error(HttpStatusCode code, string message, string? reason = null)
    {
        // Written by hand: the client's V1Status converter only reads.
        var status = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Status",
            ["status"] = "Failure",
            ["code"] = (int)code,
            ["reason"] = reason ?? code.ToString(),
            ["message"] = message,
        };
        return new HttpOperationException($"Operation returned an invalid status code '{code}'")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), status.ToJsonString()),
        };
    }
}
