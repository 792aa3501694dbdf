using HealthChecks.LocalCluster.Images;
using k8s.Models;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class ImageMapTests
{
    private static readonly Dictionary<string, string> Placeholders = new() { ["repo"] = "/r", ["configuration"] = "Debug" };

    private static ImageMap Default() => ImageMap.Load(null, Placeholders);

    [Theory]
    [InlineData("healthchecks/daemonset-check:1.0", "/r/src/Checks.Daemonset/bin/Debug/net10.0/HealthChecks.Checks.Daemonset.dll")]
    [InlineData("kuberhealthy/daemonset-check:v3.2.0", "/r/src/Checks.Daemonset/bin/Debug/net10.0/HealthChecks.Checks.Daemonset.dll")]
    [InlineData("docker.io/kuberhealthy/deployment-check:v1.9.0", "/r/src/Checks.Deployment/bin/Debug/net10.0/HealthChecks.Checks.Deployment.dll")]
    [InlineData("healthchecks/dns-check", "/r/src/Checks.Dns/bin/Debug/net10.0/HealthChecks.Checks.Dns.dll")]
    [InlineData("kuberhealthy/dns-resolution-check:v1.5.0", "/r/src/Checks.Dns/bin/Debug/net10.0/HealthChecks.Checks.Dns.dll")]
    public void CheckerImages_RunOurBuiltPrograms(string image, string dll)
    {
        var plan = Default().Plan(new V1Container { Image = image, Args = ["--x"] })!;
        Assert.Equal(ImageRunKind.Program, plan.Kind);
        Assert.Equal(["dotnet", dll, "--x"], plan.Argv);
    }

    [Theory]
    [InlineData("pause", "Pause")]
    [InlineData("k8s.gcr.io/pause:3.2", "Pause")]
    [InlineData("nginx:1.25", "HttpOk")]
    [InlineData("docker.io/library/nginx", "HttpOk")]
    [InlineData("nginxinc/nginx-unprivileged:stable", "HttpOk")]
    [InlineData("busybox:1.36", "Command")]
    [InlineData("docker.io/library/alpine:3.19", "Command")]
    [InlineData("curlimages/curl:8.5.0", "Command")]
    [InlineData("healthchecks/report-ok:1", "ReportOk")]
    [InlineData("docker.io/healthchecks/report-ok", "ReportOk")]
    public void BuiltInImages_MapToTheirKind(string image, string kind) =>
        Assert.Equal(Enum.Parse<ImageRunKind>(kind), Default().Match(image)!.Run);

    [Theory]
    [InlineData("example.com/unknown:1")]
    [InlineData("mybusybox")]
    [InlineData("")]
    public void UnknownImage_HasNoPlan(string image) => Assert.Null(Default().Plan(new V1Container { Image = image }));

    [Fact]
    public void CommandImage_CommandAndArgs_RunAsWritten() =>
        Assert.Equal(["sh", "-c", "echo hi"], Default().Plan(new V1Container { Image = "busybox", Command = ["sh"], Args = ["-c", "echo hi"] })!.Argv);

    [Fact]
    public void CommandImage_ArgsOnly_FollowTheEntrypoint() =>
        Assert.Equal(["curl", "-s", "http://x"], Default().Plan(new V1Container { Image = "curlimages/curl:8", Args = ["-s", "http://x"] })!.Argv);

    [Fact]
    public void CommandImage_Nothing_RunsTheImageCmd() =>
        Assert.Equal(["sh"], Default().Plan(new V1Container { Image = "busybox" })!.Argv);

    [Fact]
    public void CommandImage_WithoutAnythingToRun_IsAnError()
    {
        var map = ImageMap.FromYaml("images: [{image: 'bare*', run: command}]", Placeholders);
        Assert.Throws<FormatException>(() => map.Plan(new V1Container { Image = "bare:1" }));
    }

    [Fact]
    public void UserMap_IsConsultedBeforeTheBuiltInOne()
    {
        using var file = new TempFile("images:\n  - image: \"busybox*\"\n    run: program\n    program: [\"{repo}/my-tool\", fixed]\n");
        var map = ImageMap.Load(file.Path, Placeholders);
        Assert.Equal(["/r/my-tool", "fixed", "a"], map.Plan(new V1Container { Image = "busybox", Args = ["a"] })!.Argv);
        Assert.Equal(ImageRunKind.HttpOk, map.Match("nginx")!.Run);
    }

    [Theory]
    [InlineData("images: {image: x}", "`images:` list")]
    [InlineData("images: [{run: pause}]", "`image` is required")]
    [InlineData("images: [{image: x, run: teleport}]", "`run` must be")]
    [InlineData("images: [{image: x, run: program}]", "needs a `program` list")]
    [InlineData("images: [{image: x, run: program, program: ['{nope}/x']}]", "unknown placeholder {nope}")]
    public void BadMaps_SayWhatIsWrong(string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ImageMap.FromYaml(yaml, Placeholders));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportOk_IsAKindAUserMapCanName() =>
        Assert.Equal(ImageRunKind.ReportOk, ImageMap.FromYaml("images: [{image: 'bench/ok*', run: report-ok}]", Placeholders).Plan(new V1Container { Image = "bench/ok:2" })!.Kind);

    [Fact]
    public void GlobCharacters_AreTheOnlySpecialOnes()
    {
        var map = ImageMap.FromYaml("images: [{image: 'a.b+c?', run: pause}]", Placeholders);
        Assert.NotNull(map.Match("a.b+c1"));
        Assert.Null(map.Match("axb+c1"));
    }
}
