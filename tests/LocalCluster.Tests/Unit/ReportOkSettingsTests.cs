using HealthChecks.LocalCluster.Runtime;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class ReportOkSettingsTests
{
    private static (ReportOkSettings? Settings, string? Error) Read(string? url, string? uuid = "run-1", string? delay = null)
    {
        var env = new Dictionary<string, string?> { ["KH_REPORTING_URL"] = url, ["KH_RUN_UUID"] = uuid, ["REPORT_OK_DELAY"] = delay };
        return ReportOkSettings.Read(name => env.GetValueOrDefault(name));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/externalCheckStatus")]
    [InlineData("http://127.96.0.57/check")]
    [InlineData("http://127.255.255.254:1/")]
    [InlineData("http://localhost:9000/check")]
    [InlineData("http://LOCALHOST/check")]
    [InlineData("http://[::1]:8080/check")]
    [InlineData("http://[::ffff:127.0.0.1]/check")]
    public void LoopbackUrls_AreAccepted(string url)
    {
        var (settings, error) = Read(url);
        Assert.Null(error);
        Assert.Equal(new Uri(url), settings!.ReportingUrl);
        Assert.Equal("run-1", settings.RunUuid);
        Assert.Equal(TimeSpan.Zero, settings.Delay);
    }

    [Theory]
    [InlineData("http://10.244.0.5:8080/check")]
    [InlineData("http://192.168.1.10/check")]
    [InlineData("http://0.0.0.0:8080/check")]
    [InlineData("http://128.0.0.1/check")]
    [InlineData("http://healthchecks.kuberhealthy.svc.cluster.local/check")]
    [InlineData("http://localhost.example.com/check")]
    [InlineData("http://[::2]/check")]
    [InlineData("http://[::ffff:10.0.0.1]/check")]
    public void OtherHosts_AreRefusedWithTheRule(string url)
    {
        var (settings, error) = Read(url);
        Assert.Null(settings);
        Assert.Contains("only connects to loopback", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1/check")]
    [InlineData("ftp://127.0.0.1/check")]
    [InlineData("/check")]
    [InlineData("127.0.0.1:8080")]
    public void NonHttpUrls_AreRefused(string url) =>
        Assert.Contains("is not an absolute http:// URL", Read(url).Error, StringComparison.Ordinal);

    [Fact]
    public void MissingVariables_AreAllNamed()
    {
        var (settings, error) = Read(url: null, uuid: " ", delay: "soon");
        Assert.Null(settings);
        Assert.Contains("KH_REPORTING_URL is not set", error, StringComparison.Ordinal);
        Assert.Contains("KH_RUN_UUID is not set", error, StringComparison.Ordinal);
        Assert.Contains("REPORT_OK_DELAY='soon'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("250ms", 250)]
    [InlineData("1.5s", 1500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("10m", 600_000)]
    public void Delay_IsAGoDuration(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Read("http://127.0.0.1/", delay: text).Settings!.Delay);

    [Theory]
    [InlineData("5")]
    [InlineData("-1s")]
    [InlineData("10m1s")]
    [InlineData("")]
    public void Delay_OutOfRangeOrWithoutUnit_IsRefused(string text) =>
        Assert.Contains("REPORT_OK_DELAY", Read("http://127.0.0.1/", delay: text).Error, StringComparison.Ordinal);
}
