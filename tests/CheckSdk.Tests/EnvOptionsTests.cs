using HealthChecks.CheckSdk.Options;

namespace HealthChecks.CheckSdk.Tests;

public sealed class EnvOptionsTests
{
    private static EnvOptions Env(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return new EnvOptions(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Readers_UnsetOrBlank_GiveDefaults()
    {
        var env = Env(("BLANK", "  "));
        Assert.Equal("d", env.Text("BLANK", "d"));
        Assert.Equal(7, env.Number("MISSING", 7));
        Assert.True(env.Flag("MISSING", true));
        Assert.Equal(TimeSpan.FromMinutes(1), env.Duration("MISSING", TimeSpan.FromMinutes(1)));
        Assert.Empty(env.List("MISSING"));
        Assert.Empty(env.KeyValues("BLANK"));
        Assert.Empty(env.Problems);
    }

    [Fact]
    public void Readers_ValidValues_Parse()
    {
        var env = Env(("N", " 3 "), ("B", "TRUE"), ("D", "1m30s"), ("L", "a, b,,c"), ("KV", "k=v, x = y=z"));
        Assert.Equal(3, env.Number("N", 0, min: 1));
        Assert.True(env.Flag("B", false));
        Assert.Equal(TimeSpan.FromSeconds(90), env.Duration("D", TimeSpan.Zero));
        Assert.Equal(["a", "b", "c"], env.List("L"));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "v", ["x"] = "y=z" }, env.KeyValues("KV"));
        env.ThrowIfInvalid();
    }

    [Fact]
    public void ThrowIfInvalid_SeveralBadVariables_NamesEveryOneInOneError()
    {
        var env = Env(("N", "many"), ("LOW", "0"), ("B", "yes"), ("D", "10"), ("SHORT", "10s"), ("KV", "novalue"));
        env.Number("N", 1);
        env.Number("LOW", 1, min: 1);
        env.Flag("B", false);
        env.Duration("D", TimeSpan.Zero);
        env.Duration("SHORT", TimeSpan.Zero, min: TimeSpan.FromMinutes(1));
        env.KeyValues("KV");
        env.Required("NEEDED");

        var error = Assert.Throws<EnvOptionsException>(env.ThrowIfInvalid);
        Assert.Equal(7, error.Problems.Count);
        foreach (var name in new[] { "N:", "LOW:", "B:", "D:", "SHORT:", "KV:", "NEEDED: required but not set" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_CustomParserThrowsFormatException_BecomesAProblem()
    {
        var env = Env(("X", "bad"));
        var value = env.Parse("X", 5, _ => throw new FormatException("not an X"));
        Assert.Equal(5, value);
        Assert.Equal(["X: not an X"], env.Problems);
    }
}
