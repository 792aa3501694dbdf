using HealthChecks.Controller.Metrics;

namespace HealthChecks.Controller.Tests.Metrics;

public class ErrorLabelTests
{
    [Fact]
    public void Of_NoErrors_Empty()
    {
        Assert.Equal("", ErrorLabel.Of([], 0));
    }

    [Fact]
    public void Of_Errors_JoinedWithBarAndDoubleQuotesMadeSingle()
    {
        Assert.Equal("lookup 'x' failed|second", ErrorLabel.Of(["lookup \"x\" failed", "second"], 0));
    }

    [Theory]
    [InlineData(4, "1234")]
    [InlineData(5, "12345")]
    [InlineData(100, "12345|ab")]
    [InlineData(0, "12345|ab")]
    public void Of_MaxLength_CutToBytes(int max, string expected)
    {
        Assert.Equal(expected, ErrorLabel.Of(["12345", "ab"], max));
    }

    [Fact]
    public void Of_MaxLengthInsideAMultiByteCharacter_CutBeforeIt()
    {
        // "é" is two bytes and "😀" four (a surrogate pair in UTF-16): never half of either.
        Assert.Equal("a", ErrorLabel.Of(["aé"], 2));
        Assert.Equal("aé", ErrorLabel.Of(["aé😀"], 6));
        Assert.Equal("aé😀", ErrorLabel.Of(["aé😀"], 7));
    }
}
