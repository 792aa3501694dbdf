using HealthChecks.Controller.Caching;

namespace HealthChecks.Controller.Tests.Caching;

public sealed class RunIndexTests
{
    [Fact]
    public void Finds_an_object_by_its_current_run_only()
    {
        var index = new RunIndex<string>();
        index.Set("ns/a", "run-1");
        index.Set("ns/a", "run-2");

        Assert.False(index.TryFind("run-1", out _));
        Assert.True(index.TryFind("run-2", out var key));
        Assert.Equal("ns/a", key);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Removing_or_clearing_the_run_forgets_it()
    {
        var index = new RunIndex<string>();
        index.Set("ns/a", "run-1");
        index.Set("ns/b", "run-2");

        index.Remove("ns/a");
        index.Set("ns/b", "");

        Assert.False(index.TryFind("run-1", out _));
        Assert.False(index.TryFind("run-2", out _));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void A_run_claimed_by_another_object_stays_with_it_when_the_first_moves_on()
    {
        // Two objects can name the same run for a moment (a khstate and its copy under a new name): the last writer wins.
        var index = new RunIndex<string>();
        index.Set("ns/a", "run-1");
        index.Set("ns/b", "run-1");

        index.Set("ns/a", "run-3");

        Assert.True(index.TryFind("run-1", out var key));
        Assert.Equal("ns/b", key);
    }
}
