namespace HealthChecks.Kube.Tests;

public class WatchOptionsTests
{
    [Fact]
    public void ToQuery_Defaults_WatchesWithBookmarks()
    {
        Assert.Equal("?watch=true&allowWatchBookmarks=true", new WatchOptions().ToQuery());
    }

    [Fact]
    public void ToQuery_EverythingSet_ListsEachInOrder()
    {
        var options = new WatchOptions
        {
            ResourceVersion = "1234",
            LabelSelector = "app=web",
            FieldSelector = "metadata.name=x",
            TimeoutSeconds = 290,
        };

        Assert.Equal(
            "?watch=true&resourceVersion=1234&labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dx&allowWatchBookmarks=true&timeoutSeconds=290",
            options.ToQuery());
    }

    [Fact]
    public void ToQuery_BookmarksOff_LeavesParameterOut()
    {
        var options = new WatchOptions { AllowBookmarks = false, ResourceVersion = "7" };

        Assert.Equal("?watch=true&resourceVersion=7", options.ToQuery());
    }
}
