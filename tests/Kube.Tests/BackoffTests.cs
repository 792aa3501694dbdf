namespace HealthChecks.Kube.Tests;

public class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    public void Delay_MiddleJitter_DoublesPerAttempt(int attempt, int expectedSeconds)
    {
        var delay = Backoff.Delay(attempt, Initial, Max, random: 0.5);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(31)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Delay_ManyAttempts_CappedAtMax(int attempt)
    {
        var delay = Backoff.Delay(attempt, Initial, Max, random: 0.5);

        Assert.Equal(Max, delay);
    }

    [Fact]
    public void Delay_LowestRandom_HalvesTheDelay()
    {
        var delay = Backoff.Delay(3, Initial, Max, random: 0);

        Assert.Equal(TimeSpan.FromSeconds(2), delay);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    public void Delay_AnyRandomBelowOne_StaysWithinHalfToOneAndAHalf(int attempt)
    {
        var nominal = Backoff.Delay(attempt, Initial, Max, random: 0.5);

        foreach (var random in new[] { 0.0, 0.25, 0.75, 0.999999 })
        {
            var delay = Backoff.Delay(attempt, Initial, Max, random);
            Assert.InRange(delay, nominal * 0.5, nominal * 1.5);
            Assert.True(delay < nominal * 1.5, $"{delay} should be below 1.5 × {nominal}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Delay_AttemptBelowOne_Throws(int attempt)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Delay(attempt, Initial, Max, 0.5));
    }
}
