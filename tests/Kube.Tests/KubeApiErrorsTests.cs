using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace HealthChecks.Kube.Tests;

public class KubeApiErrorsTests
{
    [Fact]
    public void Flags_NotFound_OnlyIsNotFound()
    {
        var error = ApiError(HttpStatusCode.NotFound, "NotFound");

        Assert.Equal((true, false, false, false, false, false), Flags(error));
    }

    [Fact]
    public void Flags_ConflictOnUpdate_IsConflictButNotAlreadyExists()
    {
        var error = ApiError(HttpStatusCode.Conflict, "Conflict");

        Assert.Equal((false, true, false, false, false, false), Flags(error));
    }

    [Fact]
    public void Flags_ConflictOnCreate_IsConflictAndAlreadyExists()
    {
        var error = ApiError(HttpStatusCode.Conflict, "AlreadyExists");

        Assert.Equal((false, true, true, false, false, false), Flags(error));
    }

    [Fact]
    public void Flags_Forbidden_OnlyIsForbidden()
    {
        var error = ApiError(HttpStatusCode.Forbidden, "Forbidden");

        Assert.Equal((false, false, false, true, false, false), Flags(error));
    }

    [Fact]
    public void Flags_Unprocessable_OnlyIsInvalid()
    {
        var error = ApiError(HttpStatusCode.UnprocessableEntity, "Invalid");

        Assert.Equal((false, false, false, false, true, false), Flags(error));
    }

    [Fact]
    public void Flags_Gone_OnlyIsGone()
    {
        var error = ApiError(HttpStatusCode.Gone, "Gone");

        Assert.Equal((false, false, false, false, false, true), Flags(error));
    }

    [Fact]
    public void WatchErrorEvent_Expired410_IsGoneWithItsStatus()
    {
        // What the library hands to a watch's error callback for {"type":"ERROR","object":{...Status...}}.
        var status = Status(410, "Expired", "too old resource version: 5 (90)");
        var error = new KubernetesException(status);

        Assert.Equal((false, false, false, false, false, true), Flags(error));
        Assert.Equal(HttpStatusCode.Gone, error.ApiStatusCode());
        Assert.Same(status, error.ApiStatus());
        Assert.Equal("Expired", error.ApiReason());
        Assert.Equal("410 Expired: too old resource version: 5 (90)", error.Describe());
    }

    [Theory]
    [InlineData("Expired")]
    [InlineData("Gone")]
    public void IsGone_WatchErrorWithExpiredReasonAndOtherCode_IsGone(string reason)
    {
        var error = new KubernetesException(Status(500, reason, "etcd says the revision was compacted"));

        Assert.True(error.IsGone());
        Assert.Equal(HttpStatusCode.InternalServerError, error.ApiStatusCode());
    }

    [Fact]
    public void WatchErrorEvent_WithoutCode_HasNoStatusCodeAndIsNotGone()
    {
        var error = new KubernetesException(new V1Status { Kind = "Status", Message = "etcd unavailable" });

        Assert.Null(error.ApiStatusCode());
        Assert.False(error.IsGone());
        Assert.Equal("etcd unavailable", error.Describe());
    }

    [Fact]
    public void IsGone_NoStatusBody_OnlyFromCode()
    {
        Assert.False(ApiError(HttpStatusCode.InternalServerError, body: "").IsGone());
        Assert.True(ApiError(HttpStatusCode.Gone, body: "").IsGone());
    }

    [Fact]
    public void NonStatusBody_HtmlPage_KeepsTheCodeAndDescribesByIt()
    {
        // A proxy or load balancer in front of the API server answers with its own page.
        var error = ApiError(HttpStatusCode.BadGateway, body: "<html><body><h1>502 Bad Gateway</h1></body></html>");

        Assert.Equal(HttpStatusCode.BadGateway, error.ApiStatusCode());
        Assert.Null(error.ApiStatus());
        Assert.Null(error.ApiReason());
        Assert.Equal("502 BadGateway: BadGateway", error.Describe());
    }

    [Theory]
    [InlineData("""{"message":"no kind"}""")]
    [InlineData("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"}}""")]
    [InlineData("null")]
    public void ApiStatus_JsonThatIsNotAStatus_IsNull(string body)
    {
        var error = ApiError(HttpStatusCode.Conflict, body: body);

        Assert.Null(error.ApiStatus());
        Assert.True(error.IsConflict());
        Assert.False(error.IsAlreadyExists()); // only a Status says which 409 it is
    }

    [Fact]
    public void Describe_WithStatus_IsCodeReasonAndApiMessage()
    {
        var error = ApiError(HttpStatusCode.NotFound, "NotFound", "pods \"web-0\" not found");

        Assert.Equal("404 NotFound: pods \"web-0\" not found", error.Describe());
        // The library's own message repeats the whole JSON body.
        Assert.Contains("\"kind\":\"Status\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_StatusWithoutMessage_FallsBackToTheCodeName()
    {
        var error = ApiError(HttpStatusCode.Conflict, body: """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409}""");

        Assert.Equal("409 Conflict: Conflict", error.Describe());
    }

    [Fact]
    public void Describe_LongApiMessage_IsCutTo512CharactersAndMarked()
    {
        var message = "admission webhook \"validate.example.com\" denied the request: " + new string('x', 2000);
        var error = ApiError(HttpStatusCode.BadRequest, "BadRequest", message);

        var described = error.Describe();

        Assert.Equal(512 + 3, described.Length);
        Assert.StartsWith("400 BadRequest: admission webhook \"validate.example.com\" denied the request: xxx", described, StringComparison.Ordinal);
        Assert.EndsWith("x...", described, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(TaskCanceledException))]
    [InlineData(typeof(OperationCanceledException))]
    [InlineData(typeof(TimeoutException))]
    public void Describe_Timeout_SaysTheRequestTimedOut(Type type)
    {
        var error = (Exception)Activator.CreateInstance(type)!;

        Assert.Equal("the API request timed out", error.Describe());
        Assert.Null(error.ApiStatusCode());
    }

    [Fact]
    public void Describe_TransportFailure_IsTheInnermostMessage()
    {
        var error = new HttpRequestException("An error occurred while sending the request.", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal(new SocketException((int)SocketError.ConnectionRefused).Message, error.Describe());
        Assert.Equal((false, false, false, false, false, false), Flags(error));
    }

    [Fact]
    public void HttpOperationException_WithoutResponse_IsNoApiAnswer()
    {
        var error = new HttpOperationException("no response");

        Assert.Null(error.ApiStatusCode());
        Assert.Null(error.ApiStatus());
        Assert.Equal("no response", error.Describe());
    }

    private static V1Status Status(int code, string reason, string? message = null) => FakeApi.StatusObject(code, reason, message);

    private static HttpOperationException ApiError(HttpStatusCode code, string? reason = null, string? message = null, string? body = null) =>
        FakeApi.Error(code, reason, message, body);

    private static (bool NotFound, bool Conflict, bool AlreadyExists, bool Forbidden, bool Invalid, bool Gone) Flags(Exception error) =>
        (error.IsNotFound(), error.IsConflict(), error.IsAlreadyExists(), error.IsForbidden(), error.IsInvalid(), error.IsGone());
}
