using System.Text;
using HealthChecks.LocalCluster.Simulation;

namespace HealthChecks.LocalCluster.Tests.Unit;

public sealed class FallbackWhenEmptyStreamTests
{
    [Theory]
    [InlineData("", "fallback")]
    [InlineData("x", "x")]
    [InlineData("line one\nline two\n", "line one\nline two\n")]
    public async Task FallbackIsReadOnlyWhenTheInnerStreamGaveNothing(string inner, string expected)
    {
        using var stream = new FallbackWhenEmptyStream(new MemoryStream(Encoding.UTF8.GetBytes(inner)), "fallback"u8.ToArray());
        var read = new MemoryStream();
        var buffer = new byte[3]; // smaller than the fallback: it is handed out in pieces
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            read.Write(buffer, 0, n);
        }

        Assert.Equal(expected, Encoding.UTF8.GetString(read.ToArray()));
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }
}
