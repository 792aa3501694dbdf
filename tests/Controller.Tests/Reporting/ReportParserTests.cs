using System.Text;
using HealthChecks.Controller.Reporting;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Tests.Reporting;

public class ReportParserTests
{
    private static bool Parse(string body, out RunResult result, out string problem) =>
        ReportParser.TryParse(Encoding.UTF8.GetBytes(body), out result, out problem);

    [Theory]
    [InlineData("""{"OK":true,"Errors":[]}""")]
    [InlineData("""{"ok":true,"errors":[]}""")]
    [InlineData("""{"Ok":true}""")]
    [InlineData("""{"OK":true,"Errors":null}""")]
    [InlineData("""{"ok":true,"currentUUID":""}""")]
    public void TryParse_Success_Accepted(string body)
    {
        Assert.True(Parse(body, out var result, out var problem));
        Assert.Equal("", problem);
        Assert.True(result.Ok);
        Assert.Empty(result.Errors);
        Assert.Null(result.Reason);
    }

    [Theory]
    [InlineData("""{"OK":false,"Errors":["dns failed","slow"]}""")]
    [InlineData("""{"ok":false,"errors":["dns failed","slow"]}""")]
    [InlineData("""{"ERRORS":["dns failed","slow"],"oK":false}""")]
    public void TryParse_Failure_CheckFailedWithErrors(string body)
    {
        Assert.True(Parse(body, out var result, out var problem));
        Assert.Equal("", problem);
        Assert.False(result.Ok);
        Assert.Equal(FailureReason.CheckFailed, result.Reason);
        Assert.Equal(["dns failed", "slow"], result.Errors);
    }

    [Fact]
    public void TryParse_FailureWithManyErrors_Bounded()
    {
        var body = """{"OK":false,"Errors":[""" + string.Join(',', Enumerable.Range(0, 50).Select(i => $"\"e{i}\"")) + "]}";

        Assert.True(Parse(body, out var result, out _));
        Assert.Equal(20, result.Errors.Count);
        Assert.Equal("e19", result.Errors[^1]);
    }

    [Fact]
    public void TryParse_OkWithErrors_StoredWithTheErrorsAsKuberhealthyV2Does()
    {
        Assert.True(Parse("""{"OK":true,"Errors":["but broken",""]}""", out var result, out _));

        Assert.True(result.Ok);
        Assert.Null(result.Reason);
        Assert.Equal(["but broken"], result.Errors);
    }

    [Theory]
    [InlineData("""{"OK":false,"Errors":[]}""", "a failed report needs at least one error and no blank ones")]
    [InlineData("""{"OK":false}""", "a failed report needs at least one error and no blank ones")]
    [InlineData("""{"OK":false,"Errors":["real",""]}""", "a failed report needs at least one error and no blank ones")]
    [InlineData("""{"OK":false,"Errors":["  "]}""", "a failed report needs at least one error and no blank ones")]
    [InlineData("""{"OK":false,"Errors":[null]}""", "a failed report needs at least one error and no blank ones")]
    [InlineData("""{"Errors":[]}""", "the report has no boolean \"OK\" field")]
    [InlineData("""{}""", "the report has no boolean \"OK\" field")]
    [InlineData("""null""", "the report has no boolean \"OK\" field")]
    [InlineData("""{"OK":null}""", "the report has no boolean \"OK\" field")]
    public void TryParse_Refused_WithProblem(string body, string expectedProblem)
    {
        Assert.False(Parse(body, out _, out var problem));
        Assert.Equal(expectedProblem, problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("""{"OK":"true"}""")]
    [InlineData("""{"OK":1}""")]
    [InlineData("""{"OK":true,"Errors":"none"}""")]
    [InlineData("""{"OK":true,}""")]
    public void TryParse_Malformed_RefusedAsNotJson(string body)
    {
        Assert.False(Parse(body, out _, out var problem));
        Assert.StartsWith("the report is not valid JSON", problem, StringComparison.Ordinal);
    }
}
