using System.Net;
using HealthChecks.Controller.Runs;
using HealthChecks.Kube;
using HealthChecks.Kube.Models;

namespace HealthChecks.Controller.Tests.Runs;

public class ServiceAccountRefusalTests
{
    private static KubeApiException Refusal(HttpStatusCode code, string message) => new(code, new V1Status { Message = message, Code = (int)code });

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "pods \"dns-1\" is forbidden: error looking up service account ns/dns-sa: serviceaccount \"dns-sa\" not found", true)]
    [InlineData(HttpStatusCode.InternalServerError, "No API token found for service account \"dns-sa\", retry after the token is automatically created and added to the service account", true)]
    [InlineData(HttpStatusCode.Forbidden, "pods \"dns-1\" is forbidden: User \"system:serviceaccount:kh:kh\" cannot create resource \"pods\"", false)]
    [InlineData(HttpStatusCode.Forbidden, "pods \"dns-1\" is forbidden: exceeded quota: compute", false)]
    [InlineData(HttpStatusCode.UnprocessableEntity, "Pod \"dns-1\" is invalid: spec.containers[0].image: Required value", false)]
    public void IsServiceAccountNotYetKnown_OnlyTheAdmissionRefusalsThatPass(HttpStatusCode code, string message, bool transient)
    {
        Assert.Equal(transient, RunExecutor.IsServiceAccountNotYetKnown(Refusal(code, message)));
    }
}
