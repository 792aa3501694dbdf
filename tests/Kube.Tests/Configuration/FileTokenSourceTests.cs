using HealthChecks.Kube.Configuration;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Configuration;

public class FileTokenSourceTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    [Fact]
    public void GetToken_FileWithTrailingNewline_ReturnsTrimmedToken()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("token", "first\n");

        var source = new FileTokenSource(path, Refresh, new ManualTimeProvider());

        Assert.Equal("first", source.GetToken());
    }

    [Fact]
    public void GetToken_BeforeRefreshInterval_KeepsTheTokenRead()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("token", "first");
        var time = new ManualTimeProvider();
        var source = new FileTokenSource(path, Refresh, time);

        File.WriteAllText(path, "second");
        time.Advance(Refresh - TimeSpan.FromSeconds(1));

        Assert.Equal("first", source.GetToken());
    }

    [Fact]
    public void GetToken_AfterRefreshInterval_ReadsTheFileAgain()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("token", "first");
        var time = new ManualTimeProvider();
        var source = new FileTokenSource(path, Refresh, time);

        File.WriteAllText(path, "second");
        time.Advance(Refresh);

        Assert.Equal("second", source.GetToken());
    }

    [Fact]
    public void GetToken_FileVanishedMidRotation_KeepsLastGoodToken()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("token", "first");
        var time = new ManualTimeProvider();
        var source = new FileTokenSource(path, Refresh, time);

        File.Delete(path);
        time.Advance(Refresh);

        Assert.Equal("first", source.GetToken());
    }

    [Fact]
    public void GetToken_FileEmptiedMidRotation_KeepsLastGoodToken()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("token", "first");
        var time = new ManualTimeProvider();
        var source = new FileTokenSource(path, Refresh, time);

        File.WriteAllText(path, "");
        time.Advance(Refresh);

        Assert.Equal("first", source.GetToken());
    }

    [Fact]
    public void GetToken_FileBackAfterFailedRead_ReadsItOnTheNextCall()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("token", "first");
        var time = new ManualTimeProvider();
        var source = new FileTokenSource(path, Refresh, time);
        File.Delete(path);
        time.Advance(Refresh);
        source.GetToken();

        File.WriteAllText(path, "rotated");

        Assert.Equal("rotated", source.GetToken());
    }

    [Fact]
    public void Constructor_EmptyFile_ThrowsNamingThePath()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("token", " \n");

        var error = Assert.Throws<KubeConfigException>(() => new FileTokenSource(path, Refresh, new ManualTimeProvider()));

        Assert.Equal($"the token file '{path}' is empty", error.Message);
    }

    [Fact]
    public void Constructor_MissingFile_ThrowsNamingThePath()
    {
        using var folder = new TempDirectory();
        var path = folder.PathOf("absent");

        var error = Assert.Throws<KubeConfigException>(() => new FileTokenSource(path, Refresh, new ManualTimeProvider()));

        Assert.Contains($"cannot read the token file '{path}'", error.Message, StringComparison.Ordinal);
    }
}
