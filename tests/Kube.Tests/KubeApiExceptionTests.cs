using System.Net;
using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Tests;

public class KubeApiExceptionTests
{
    [Fact]
    public void Flags_NotFound_OnlyIsNotFound()
    {
        var error = new KubeApiException(HttpStatusCode.NotFound, Status(404, "NotFound"));

        Assert.Equal((true, false, false, false, false, false), Flags(error));
    }

    [Fact]
    public void Flags_ConflictOnUpdate_IsConflictButNotAlreadyExists()
    {
        var error = new KubeApiException(HttpStatusCode.Conflict, Status(409, "Conflict"));

        Assert.Equal((false, true, false, false, false, false), Flags(error));
    }

    [Fact]
    public void Flags_ConflictOnCreate_IsConflictAndAlreadyExists()
    {
        var error = new KubeApiException(HttpStatusCode.Conflict, Status(409, "AlreadyExists"));

        Assert.Equal((false, true, true, false, false, false), Flags(error));
    }

    [Fact]
    public void Flags_Forbidden_OnlyIsForbidden()
    {
        var error = new KubeApiException(HttpStatusCode.Forbidden, Status(403, "Forbidden"));

        Assert.Equal((false, false, false, true, false, false), Flags(error));
    }

    [Fact]
    public void Flags_Unprocessable_OnlyIsInvalid()
    {
        var error = new KubeApiException(HttpStatusCode.UnprocessableEntity, Status(422, "Invalid"));

        Assert.Equal((false, false, false, false, true, false), Flags(error));
    }

    [Fact]
    public void Flags_Gone_OnlyIsGone()
    {
        var error = new KubeApiException(HttpStatusCode.Gone, Status(410, "Gone"));

        Assert.Equal((false, false, false, false, false, true), Flags(error));
    }

    [Fact]
    public void IsGone_ReasonExpiredWithOtherCode_IsGone()
    {
        var error = new KubeApiException(HttpStatusCode.InternalServerError, Status(500, "Expired"));

        Assert.True(error.IsGone);
        Assert.Equal("Expired", error.Reason);
    }

    [Fact]
    public void IsGone_NoStatus_OnlyFromCode()
    {
        Assert.False(new KubeApiException(HttpStatusCode.InternalServerError, null).IsGone);
        Assert.True(new KubeApiException(HttpStatusCode.Gone, null).IsGone);
    }

    [Fact]
    public void Message_WithStatusAndRequest_NamesRequestCodeReasonAndApiMessage()
    {
        var status = Status(404, "NotFound", "pods \"web-0\" not found");

        var error = new KubeApiException(HttpStatusCode.NotFound, status, "GET /api/v1/namespaces/ns/pods/web-0");

        Assert.Equal("GET /api/v1/namespaces/ns/pods/web-0: 404 NotFound: pods \"web-0\" not found", error.Message);
        Assert.Same(status, error.Status);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public void Message_NoStatus_FallsBackToCodeName()
    {
        var error = new KubeApiException(HttpStatusCode.BadGateway, null);

        Assert.Equal("502 BadGateway: BadGateway", error.Message);
        Assert.Null(error.Reason);
    }

    private static V1Status Status(int code, string reason, string? message = null) =>
        new() { Kind = "Status", Status = "Failure", Code = code, Reason = reason, Message = message ?? reason };

    private static (bool NotFound, bool Conflict, bool AlreadyExists, bool Forbidden, bool Invalid, bool Gone) Flags(KubeApiException error) =>
        (error.IsNotFound, error.IsConflict, error.IsAlreadyExists, error.IsForbidden, error.IsInvalid, error.IsGone);
}
