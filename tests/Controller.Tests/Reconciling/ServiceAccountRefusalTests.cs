using System.Net;
using HealthChecks.Controller.Reconciling;
using HealthChecks.TestKit;

namespace HealthChecks.Controller.Tests.Reconciling;

public class ServiceAccountRefusalTests
{
    private static k8s.Autorest.HttpOperationException Refusal(HttpStatusCode code, string message) => ApiAnswers.Error(code, message);

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "pods \"dns-1\" is forbidden: error looking up service account ns/dns-sa: serviceaccount \"dns-sa\" not found", true)]
    [InlineData(HttpStatusCode.InternalServerError, "No API token found for service account \"dns-sa\", retry after the token is automatically created and added to the service account", true)]
    [InlineData(HttpStatusCode.Forbidden, "pods \"dns-1\" is forbidden: User \"system:serviceaccount:kh:kh\" cannot create resource \"pods\"", false)]
    [InlineData(HttpStatusCode.Forbidden, "pods \"dns-1\" is forbidden: exceeded quota: compute", false)]
    [InlineData(HttpStatusCode.UnprocessableEntity, "Pod \"dns-1\" is invalid: spec.containers[0].image: Required value", false)]
    public void IsServiceAccountNotYetKnown_OnlyTheAdmissionRefusalsThatPass(HttpStatusCode code, string message, bool transient)
    {
        Assert.Equal(transient, CheckReconciler.IsServiceAccountNotYetKnown(Refusal(code, message)));
    }
}
