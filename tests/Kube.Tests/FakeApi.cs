using System.Net;
using System.Text.Json.Nodes;
using HealthChecks.TestKit;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.WebUtilities;

namespace HealthChecks.Kube.Tests;

/// <summary>The API server's answers as a <see cref="LoopbackHttpServer"/> gives them, and the errors the official client makes of them.</summary>
internal static class FakeApi
{
    /// <summary>A client of the official library for a loopback server: plain HTTP, no credentials, a short timeout.</summary>
    public static Kubernetes Client(LoopbackHttpServer server, string? token = null) =>
        KubeClients.Create(new KubernetesClientConfiguration { Host = server.BaseUri.ToString(), AccessToken = token }, TimeSpan.FromSeconds(5));

    public static CannedResponse Json(object body) => new(200, KubernetesJson.Serialize(body));

    public static V1Status StatusObject(int code, string reason, string? message = null) =>
        new() { Kind = "Status", ApiVersion = "v1", Status = "Failure", Code = code, Reason = reason, Message = message ?? reason };

    /// <summary>
    /// A <c>Status</c> as the API server writes it. Built by hand: the library's serializer cannot
    /// write a V1Status (its converter only reads).
    /// </summary>
    public static string StatusJson(int code, string reason, string? message = null) => new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message ?? reason,
        ["reason"] = reason,
        ["code"] = code,
    }.ToJsonString();

    /// <summary>The API server's error answer: a <c>Status</c> with the same code.</summary>
    public static CannedResponse Status(HttpStatusCode code, string reason, string? message = null) =>
        new((int)code, StatusJson((int)code, reason, message));

    /// <summary>What the official client throws for a non-2xx answer: the body is kept as text.</summary>
    public static HttpOperationException Error(HttpStatusCode code, string? reason = null, string? message = null, string? body = null)
    {
        body ??= StatusJson((int)code, reason ?? code.ToString(), message);
        return new HttpOperationException($"Operation returned an invalid status code '{code}', response body {body}")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body),
        };
    }

    /// <summary>A recorded request's path, and its query decoded.</summary>
    public static (string Path, Dictionary<string, string> Query) SplitQuery(string pathAndQuery)
    {
        var mark = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return mark < 0
            ? (pathAndQuery, new Dictionary<string, string>(StringComparer.Ordinal))
            : (pathAndQuery[..mark], QueryHelpers.ParseQuery(pathAndQuery[mark..]).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));
    }
}
