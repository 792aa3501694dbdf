using System.Text.RegularExpressions;
using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Tests.Runs;

public partial class CheckLabelsTests
{
    private const string Uuid1 = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string Uuid2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsLabelish();

    [Theory]
    [InlineData("dns-status-internal")]
    [InlineData("a")]
    public void CheckNameValue_ShortName_Unchanged(string name)
    {
        Assert.Equal(name, CheckLabels.CheckNameValue(name));
    }

    [Fact]
    public void CheckNameValue_Exactly63_Unchanged()
    {
        var name = new string('a', 63);

        Assert.Equal(name, CheckLabels.CheckNameValue(name));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(253)]
    public void CheckNameValue_LongName_ShortenedStableAndValid(int length)
    {
        var name = string.Concat(Enumerable.Repeat("check-", 50))[..length];

        var value = CheckLabels.CheckNameValue(name);

        Assert.True(value.Length <= 63, value);
        Assert.Equal(value, CheckLabels.CheckNameValue(name));
        Assert.Matches(DnsLabelish(), value);
        Assert.Matches("-[0-9a-f]{8}$", value);
        Assert.StartsWith(name[..40], value, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckNameValue_TwoLongNamesSamePrefix_Differ()
    {
        var prefix = new string('x', 70);

        Assert.NotEqual(CheckLabels.CheckNameValue(prefix + "-one"), CheckLabels.CheckNameValue(prefix + "-two"));
    }

    [Fact]
    public void CheckNameValue_CutEndsOnDash_NoDoubleOrTrailingDash()
    {
        // The cut falls right after "-" and "." so both must be trimmed before the hash.
        var name = new string('a', 52) + "-.-" + new string('b', 20);

        var value = CheckLabels.CheckNameValue(name);

        Assert.Equal(new string('a', 52) + "-", value[..53]);
        Assert.DoesNotContain("--", value, StringComparison.Ordinal);
        Assert.DoesNotContain(".-", value, StringComparison.Ordinal);
        Assert.Matches(DnsLabelish(), value);
    }

    [Fact]
    public void PodName_ShortName_NameDashFirstEightHexOfUuid()
    {
        Assert.Equal("dns-0f8fad5b", CheckLabels.PodName("dns", Uuid1));
    }

    [Fact]
    public void PodName_TwoRunsOfOneCheck_Differ()
    {
        Assert.NotEqual(CheckLabels.PodName("dns", Uuid1), CheckLabels.PodName("dns", Uuid2));
    }

    [Fact]
    public void PodName_LongName_AtMost63AndUniquePerRun()
    {
        var name = new string('n', 200);

        var first = CheckLabels.PodName(name, Uuid1);
        var second = CheckLabels.PodName(name, Uuid2);

        Assert.Equal(63, first.Length);
        Assert.True(second.Length <= 63);
        Assert.NotEqual(first, second);
        Assert.EndsWith("-0f8fad5b", first, StringComparison.Ordinal);
        Assert.Matches(DnsLabelish(), first);
    }

    [Fact]
    public void PodName_NameOf54_KeptWhole()
    {
        var name = new string('k', 54);

        Assert.Equal(name + "-0f8fad5b", CheckLabels.PodName(name, Uuid1));
    }
}
