using HealthChecks.TestKit;

namespace HealthChecks.Chart.Tests;

/// <summary>The chart carries the CRDs (helm cannot read files outside the chart): the same files, byte for byte.</summary>
public sealed class CrdCopyTests
{
    [Fact]
    public void ChartCrds_AreIdenticalToCrds()
    {
        var source = Path.Combine(RepositoryPaths.Root, "crds");
        var copy = Path.Combine(ChartTools.ChartDirectory, "crds");
        var names = Directory.GetFiles(source).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, names.Count);
        Assert.Equal(names, Directory.GetFiles(copy).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(source, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(copy, name!))),
                $"charts/healthchecks/crds/{name} differs from crds/{name}: copy it again (cp crds/*.yaml charts/healthchecks/crds/)");
        }
    }

    [Fact]
    public async Task Template_IncludeCrds_RendersTheThreeKuberhealthyCrds()
    {
        var chart = await Helm.TemplateAsync("--include-crds");
        var crds = chart.OfKind("CustomResourceDefinition").Select(c => (string?)c["metadata"]?["name"]).Order(StringComparer.Ordinal);
        Assert.Equal(["khchecks.comcast.github.io", "khjobs.comcast.github.io", "khstates.comcast.github.io"], crds);
    }
}
