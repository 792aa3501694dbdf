using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Tests.Runs;

public class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30 * TimeSpan.TicksPerSecond)]
    [InlineData("15m", 15 * TimeSpan.TicksPerMinute)]
    [InlineData("1h30m", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("1.5h", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("300ms", 300 * TimeSpan.TicksPerMillisecond)]
    [InlineData("2us", 20L)]
    [InlineData("2µs", 20L)]
    [InlineData("1500ns", 15L)]
    [InlineData("2h3m4.5s", (2 * 3600 + 3 * 60) * TimeSpan.TicksPerSecond + 45_000_000L)]
    [InlineData("72h", 72 * TimeSpan.TicksPerHour)]
    [InlineData("0", 0L)]
    [InlineData("-5s", -5 * TimeSpan.TicksPerSecond)]
    public void TryParse_GoDuration_ReturnsValue(string text, long expectedTicks)
    {
        var ok = GoDuration.TryParse(text, out var duration);

        Assert.True(ok, text);
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("10")]
    [InlineData("5 minutes")]
    [InlineData("1x")]
    [InlineData("1.2.3s")]
    [InlineData("s")]
    [InlineData("1h30")]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("+")]
    public void TryParse_BareSign_ReturnsFalse(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(15_000_000L, "1.5s")]
    [InlineData(TimeSpan.TicksPerMinute, "1m0s")]
    [InlineData(TimeSpan.TicksPerHour, "1h0m0s")]
    [InlineData((2 * 3600 + 3 * 60) * TimeSpan.TicksPerSecond + 45_000_000L, "2h3m4.5s")]
    [InlineData(150 * TimeSpan.TicksPerMillisecond, "150ms")]
    [InlineData(15_000L, "1.5ms")]
    [InlineData(225_122_789L, "22.5122789s")]
    [InlineData(20L, "2µs")]
    [InlineData(15L, "1.5µs")]
    [InlineData(5L, "500ns")]
    [InlineData(-15_000_000L, "-1.5s")]
    [InlineData(72 * TimeSpan.TicksPerHour, "72h0m0s")]
    public void Format_Duration_MatchesGoString(long ticks, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(ticks)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(15L)]
    [InlineData(15_000L)]
    [InlineData(225_122_789L)]
    [InlineData(TimeSpan.TicksPerHour + 1)]
    [InlineData(100 * TimeSpan.TicksPerHour + 12_345_678L)]
    public void Format_ThenParse_RoundTrips(long ticks)
    {
        var duration = TimeSpan.FromTicks(ticks);

        Assert.True(GoDuration.TryParse(GoDuration.Format(duration), out var parsed));
        Assert.Equal(duration, parsed);
    }
}
