using HealthChecks.Controller.Runs;

namespace HealthChecks.Controller.Tests.Runs;

public class PodNameScrubTests
{
    private const string Name = "dns-internal-0f8fad5b";
    private const string Uid = "5f2b6c1e-8c0a-4f51-9d5e-1c2b3a4d5e6f";

    [Theory]
    // The kubelet's text for a root image under runAsNonRoot names the pod as name_namespace(uid).
    [InlineData(
        "container has runAsNonRoot and image will run as root (pod: \"dns-internal-0f8fad5b_kh(5f2b6c1e-8c0a-4f51-9d5e-1c2b3a4d5e6f)\", container: main)",
        "container has runAsNonRoot and image will run as root (pod: the checker pod, container: main)")]
    [InlineData("pods \"dns-internal-0f8fad5b\" is forbidden: exceeded quota", "pods the checker pod is forbidden: exceeded quota")]
    [InlineData("pod dns-internal-0f8fad5b uid 5f2b6c1e-8c0a-4f51-9d5e-1c2b3a4d5e6f", "pod the checker pod uid ")]
    [InlineData("0/3 nodes are available: 3 Insufficient cpu.", "0/3 nodes are available: 3 Insufficient cpu.")]
    public void Scrub_NamesAndUidOfTheRunsPod_Gone(string text, string expected)
    {
        Assert.Equal(expected, PodNameScrub.Scrub(text, Name, "kh", Uid));
    }

    [Fact]
    public void Scrub_NoPodName_TextAsItIs()
    {
        Assert.Equal("a \"\" text", PodNameScrub.Scrub("a \"\" text", ""));
    }
}
