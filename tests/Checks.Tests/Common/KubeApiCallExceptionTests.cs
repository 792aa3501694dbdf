using System.Net;
using HealthChecks.Checks.Common;
using HealthChecks.CheckSdk.Reporting;
using k8s.Autorest;

namespace HealthChecks.Checks.Tests.Common;

public sealed class KubeApiCallExceptionTests
{
    private const string ForbiddenBody = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"daemonsets.apps is forbidden: User \"nobody\" cannot list resource \"daemonsets\"","reason":"Forbidden","code":403}""";

    private static HttpOperationException Forbidden()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden);
        return new HttpOperationException("Operation returned an invalid status code 'Forbidden', response body " + ForbiddenBody)
        {
            Response = new HttpResponseMessageWrapper(response, ForbiddenBody),
        };
    }

    [Fact]
    public async Task DescribingApiErrors_ApiError_OneLineWithTheStatusAndTheOriginalInside()
    {
        var original = Forbidden();

        var error = await Assert.ThrowsAsync<KubeApiCallException>(() => KubeApiCallException.DescribingApiErrorsAsync<CheckReport>(() => throw original));

        Assert.Equal("403 Forbidden: daemonsets.apps is forbidden: User \"nobody\" cannot list resource \"daemonsets\"", error.Message);
        Assert.Same(original, error.InnerException);
    }

    [Fact]
    public async Task DescribingApiErrors_OtherOutcomes_Unchanged()
    {
        var report = CheckReport.Success();
        Assert.Same(report, await KubeApiCallException.DescribingApiErrorsAsync(() => Task.FromResult(report)));
        await Assert.ThrowsAsync<TaskCanceledException>(() => KubeApiCallException.DescribingApiErrorsAsync<CheckReport>(() => throw new TaskCanceledException()));
        await Assert.ThrowsAsync<HttpRequestException>(() => KubeApiCallException.DescribingApiErrorsAsync<CheckReport>(() => throw new HttpRequestException("Connection refused")));
    }
}
