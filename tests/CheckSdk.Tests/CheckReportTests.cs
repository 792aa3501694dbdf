using System.Text.Json;
using HealthChecks.CheckSdk.Reporting;

namespace HealthChecks.CheckSdk.Tests;

public sealed class CheckReportTests
{
    [Fact]
    public void Success_SerializesAsTheGoClientDoes() =>
        Assert.Equal("""{"OK":true,"Errors":[]}""", JsonSerializer.Serialize(CheckReport.Success(), ReportJsonContext.Default.CheckReport));

    [Fact]
    public void Failure_SerializesErrors() =>
        Assert.Equal("""{"OK":false,"Errors":["a","b \u0022q\u0022"]}""", JsonSerializer.Serialize(CheckReport.Failure("a", "b \"q\""), ReportJsonContext.Default.CheckReport));

    [Fact]
    public void Failure_NoErrors_IsAProgrammingError() =>
        Assert.Throws<ArgumentException>(() => CheckReport.Failure());

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Failure_BlankError_IsAProgrammingError(string blank) =>
        Assert.Throws<ArgumentException>(() => CheckReport.Failure("fine", blank));
}
