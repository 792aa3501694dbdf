using HealthChecks.Kube.Leadership;

namespace HealthChecks.Kube.Tests.Leadership;

public class LeaderElectionOptionsTests
{
    private static readonly LeaderElectionOptions Valid = new() { LeaseName = "controller", LeaseNamespace = "healthchecks", Identity = "pod-0" };

    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(Valid.Validate());
        Assert.Equal(
            (TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), true),
            (Valid.LeaseDuration, Valid.RenewDeadline, Valid.RetryPeriod, Valid.ReleaseOnCancel));
    }

    [Theory]
    [InlineData("", "ns", "id", "LeaseName is required")]
    [InlineData("lease", " ", "id", "LeaseNamespace is required")]
    [InlineData("lease", "ns", "", "Identity is required")]
    public void Validate_MissingName_NamesIt(string leaseName, string leaseNamespace, string identity, string expected)
    {
        var options = Valid with { LeaseName = leaseName, LeaseNamespace = leaseNamespace, Identity = identity };

        Assert.Equal([expected], options.Validate());
    }

    [Fact]
    public void Validate_RetryPeriodZero_SaysItMustBePositive()
    {
        var error = Assert.Single((Valid with { RetryPeriod = TimeSpan.Zero }).Validate());

        Assert.StartsWith("RetryPeriod (00:00:00) must be greater than zero", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(9)]
    public void Validate_LeaseDurationNotAboveRenewDeadline_SaysSo(int leaseSeconds)
    {
        var error = Assert.Single((Valid with { LeaseDuration = TimeSpan.FromSeconds(leaseSeconds) }).Validate());

        Assert.Contains("must be greater than RenewDeadline (00:00:10)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RenewDeadlineNotAboveRetryTimesOnePointTwo_SaysSo()
    {
        var error = Assert.Single((Valid with { RenewDeadline = TimeSpan.FromSeconds(2.4) }).Validate());

        Assert.Contains("RenewDeadline (00:00:02.4000000) must be greater than 1.2 × RetryPeriod", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralRulesBroken_ReportsEach()
    {
        var options = Valid with { LeaseName = "", LeaseDuration = TimeSpan.FromSeconds(1), RenewDeadline = TimeSpan.FromSeconds(1) };

        Assert.Equal(3, options.Validate().Count);
    }
}
