using HealthChecks.Controller.Runs;
using k8s.Models;
using static HealthChecks.Controller.Tests.Builders;

namespace HealthChecks.Controller.Tests.Runs;

public class CheckDefinitionTests
{
    [Fact]
    public void FromCheck_MinimalSpec_AppliesDefaults()
    {
        var definition = CheckDefinition.FromCheck(Check(name: "dns", ns: "team-a", runInterval: "90s"));

        Assert.True(definition.IsValid);
        Assert.Empty(definition.Problems);
        Assert.Equal(new CheckKey("team-a", "dns"), definition.Key);
        Assert.Equal(WorkloadKind.KHCheck, definition.Kind);
        Assert.Equal("uid-dns", definition.Uid);
        Assert.Equal(TimeSpan.FromSeconds(90), definition.Interval);
        Assert.Equal(TimeSpan.FromMinutes(5), definition.Timeout);
        Assert.Equal(1, definition.FailureThreshold);
        Assert.False(definition.Paused);
        Assert.Empty(definition.ExtraLabels);
        Assert.Empty(definition.ExtraAnnotations);
    }

    [Fact]
    public void FromCheck_AllFieldsSet_TakesThem()
    {
        var check = Check(runInterval: "1h30m", timeout: "45s", failureThreshold: 3, paused: true);
        check.Spec.ExtraLabels = new() { ["team"] = "net" };
        check.Spec.ExtraAnnotations = new() { ["note"] = "x" };

        var definition = CheckDefinition.FromCheck(check);

        Assert.True(definition.IsValid);
        Assert.Equal(TimeSpan.FromMinutes(90), definition.Interval);
        Assert.Equal(TimeSpan.FromSeconds(45), definition.Timeout);
        Assert.Equal(3, definition.FailureThreshold);
        Assert.True(definition.Paused);
        Assert.Equal("net", definition.ExtraLabels["team"]);
        Assert.Equal("x", definition.ExtraAnnotations["note"]);
        Assert.Same(check.Spec.PodSpec, definition.PodSpec);
    }

    [Theory]
    [InlineData(null, "spec.runInterval is missing")]
    [InlineData("", "spec.runInterval is missing")]
    [InlineData("10", "spec.runInterval \"10\"")]
    [InlineData("0s", "spec.runInterval \"0s\"")]
    [InlineData("-1m", "spec.runInterval \"-1m\"")]
    public void FromCheck_BadRunInterval_ReportsProblem(string? runInterval, string expectedStart)
    {
        var definition = CheckDefinition.FromCheck(Check(runInterval: runInterval));

        Assert.False(definition.IsValid);
        Assert.Null(definition.Interval);
        var problem = Assert.Single(definition.Problems);
        Assert.StartsWith(expectedStart, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("0s")]
    [InlineData("-30s")]
    public void FromCheck_BadTimeout_ReportsProblemNotSilentDefault(string timeout)
    {
        var definition = CheckDefinition.FromCheck(Check(timeout: timeout));

        var problem = Assert.Single(definition.Problems);
        Assert.Equal($"spec.timeout \"{timeout}\" is not a positive duration such as 30s, 5m or 1h", problem);
        Assert.False(definition.IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void FromCheck_FailureThresholdBelowOne_ReportsProblem(int threshold)
    {
        var definition = CheckDefinition.FromCheck(Check(failureThreshold: threshold));

        var problem = Assert.Single(definition.Problems);
        Assert.Equal($"spec.failureThreshold {threshold} must be at least 1", problem);
    }

    [Fact]
    public void FromCheck_NoContainers_ReportsProblem()
    {
        var definition = CheckDefinition.FromCheck(Check(podSpec: new V1PodSpec { Containers = [] }));

        Assert.Equal(["spec.podSpec.containers is empty"], definition.Problems);
    }

    [Fact]
    public void FromCheck_NoPodSpec_ReportsProblem()
    {
        var check = Check();
        check.Spec.PodSpec = null;

        var definition = CheckDefinition.FromCheck(check);

        Assert.Equal(["spec.podSpec.containers is empty"], definition.Problems);
    }

    [Fact]
    public void FromCheck_EverythingWrong_ReportsAllProblemsTogether()
    {
        var check = Check(
            runInterval: "soon",
            timeout: "1x",
            failureThreshold: 0,
            podSpec: PodSpec(("ok", "img:1"), ("noimage", null), ("blank", " ")));

        var definition = CheckDefinition.FromCheck(check);

        Assert.Equal(
            [
                "spec.runInterval \"soon\" is not a positive duration such as 30s, 5m or 1h",
                "spec.failureThreshold 0 must be at least 1",
                "spec.timeout \"1x\" is not a positive duration such as 30s, 5m or 1h",
                "spec.podSpec.containers[noimage] has no image",
                "spec.podSpec.containers[blank] has no image",
            ],
            definition.Problems);
        Assert.False(definition.IsValid);
    }

    [Fact]
    public void FromJob_Valid_HasNoIntervalAndDefaults()
    {
        var definition = CheckDefinition.FromJob(Job(name: "once", ns: "jobs"));

        Assert.True(definition.IsValid);
        Assert.Equal(WorkloadKind.KHJob, definition.Kind);
        Assert.Equal(new CheckKey("jobs", "once"), definition.Key);
        Assert.Null(definition.Interval);
        Assert.Equal(TimeSpan.FromMinutes(5), definition.Timeout);
        Assert.Equal(1, definition.FailureThreshold);
        Assert.False(definition.Paused);
    }

    [Fact]
    public void FromJob_BadTimeoutAndNoImage_ReportsBoth()
    {
        var definition = CheckDefinition.FromJob(Job(timeout: "later", podSpec: PodSpec(("c", ""))));

        Assert.Equal(
            ["spec.timeout \"later\" is not a positive duration such as 30s, 5m or 1h", "spec.podSpec.containers[c] has no image"],
            definition.Problems);
    }
}
