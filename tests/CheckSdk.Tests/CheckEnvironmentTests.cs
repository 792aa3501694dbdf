using HealthChecks.CheckSdk.Options;

namespace HealthChecks.CheckSdk.Tests;

public sealed class CheckEnvironmentTests
{
    private static readonly Dictionary<string, string> Valid = new()
    {
        [CheckProtocol.ReportingUrlVariable] = "http://kuberhealthy.kuberhealthy.svc.cluster.local/externalCheckStatus",
        [CheckProtocol.RunUuidVariable] = "0b6e7f3a-1111-4222-8333-444455556666",
        [CheckProtocol.DeadlineVariable] = "1700000000",
        [CheckProtocol.PodNamespaceVariable] = "kuberhealthy",
    };

    private static CheckEnvironment Read(Dictionary<string, string> values) =>
        CheckEnvironment.FromEnvironment(name => values.GetValueOrDefault(name));

    [Fact]
    public void FromEnvironment_AllSet_ReadsTheContract()
    {
        var env = Read(Valid);
        Assert.Equal("kuberhealthy.kuberhealthy.svc.cluster.local", env.ReportingUrl.Host);
        Assert.Equal("/externalCheckStatus", env.ReportingUrl.AbsolutePath);
        Assert.Equal("0b6e7f3a-1111-4222-8333-444455556666", env.RunUuid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), env.Deadline);
        Assert.Equal("kuberhealthy", env.PodNamespace);
    }

    [Theory]
    [InlineData("KH_REPORTING_URL")]
    [InlineData("KH_RUN_UUID")]
    [InlineData("KH_CHECK_RUN_DEADLINE")]
    [InlineData("KH_POD_NAMESPACE")]
    public void FromEnvironment_OneMissing_NamesIt(string name)
    {
        var values = new Dictionary<string, string>(Valid);
        values.Remove(name);
        var error = Assert.Throws<EnvOptionsException>(() => Read(values));
        Assert.Equal([$"{name}: required but not set"], error.Problems);
    }

    [Theory]
    [InlineData("KH_REPORTING_URL", "not a url", "absolute http(s) URL")]
    [InlineData("KH_REPORTING_URL", "ftp://host/x", "absolute http(s) URL")]
    [InlineData("KH_CHECK_RUN_DEADLINE", "2024-01-01T00:00:00Z", "unix time in seconds")]
    [InlineData("KH_CHECK_RUN_DEADLINE", "-5", "unix time in seconds")]
    public void FromEnvironment_Malformed_SaysWhy(string name, string value, string why)
    {
        var values = new Dictionary<string, string>(Valid) { [name] = value };
        var error = Assert.Throws<EnvOptionsException>(() => Read(values));
        var problem = Assert.Single(error.Problems);
        Assert.StartsWith(name + ": ", problem, StringComparison.Ordinal);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_NothingSet_ListsAllFour()
    {
        var error = Assert.Throws<EnvOptionsException>(() => Read([]));
        Assert.Equal(4, error.Problems.Count);
    }
}
