using HealthChecks.CheckSdk.Options;

namespace HealthChecks.CheckSdk.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("1m", 60_000)]
    [InlineData("30s", 30_000)]
    [InlineData("1h2m3s", 3_723_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    [InlineData("-2s", -2_000)]
    public void TryParse_GoSpellings_Parse(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1d")]
    [InlineData("m")]
    [InlineData("1m x")]
    public void TryParse_NotADuration_Fails(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(60_000, "1m0s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_723_000, "1h2m3s")]
    [InlineData(5_000, "5s")]
    [InlineData(250, "250ms")]
    public void Format_MatchesGo(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
