namespace HealthChecks.Kube.Tests;

public class ListOptionsTests
{
    [Fact]
    public void ToQuery_NothingSet_IsEmpty()
    {
        Assert.Equal("", new ListOptions().ToQuery());
    }

    [Fact]
    public void ToQuery_EverythingSet_ListsEachInOrder()
    {
        var options = new ListOptions
        {
            LabelSelector = "app=web",
            FieldSelector = "status.phase=Running",
            Limit = 50,
            Continue = "token",
            ResourceVersion = "42",
        };

        Assert.Equal(
            "?labelSelector=app%3Dweb&fieldSelector=status.phase%3DRunning&limit=50&continue=token&resourceVersion=42",
            options.ToQuery());
    }

    [Fact]
    public void ToQuery_SelectorWithSetSyntax_IsEscaped()
    {
        var options = new ListOptions { LabelSelector = "tier in (a,b),!canary" };

        Assert.Equal("?labelSelector=tier%20in%20%28a%2Cb%29%2C%21canary", options.ToQuery());
    }

    [Fact]
    public void ToQuery_EmptyStrings_AreLeftOut()
    {
        var options = new ListOptions { LabelSelector = "", Continue = "", Limit = 10 };

        Assert.Equal("?limit=10", options.ToQuery());
    }
}
